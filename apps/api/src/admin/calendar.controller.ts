import { Controller, Delete, Get, Param, Put, type PipeTransform } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  calendarDaySchema,
  calendarQuerySchema,
  LOCAL_DATE_PATTERN,
  type CalendarDayInput,
  type CalendarYear,
} from '@shuping/contracts';
import { CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { NotFoundException } from '../common/tenancy/tenancy.js';
import { ApiZodBody, ZodBody, ZodQuery } from '../common/validation/zod.pipe.js';
import { CalendarService } from './calendar.service.js';

/** `:date` as `YYYY-MM-DD`; anything else names no day (404). */
class DatePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!LOCAL_DATE_PATTERN.test(value)) throw new NotFoundException('Calendar day');
    return value;
  }
}

@ApiTags('admin: calendar')
@ApiBearerAuth()
@Controller('admin/calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get()
  @ApiOperation({ summary: 'A year: national holidays and make-up working days, county overrides' })
  year(
    @CurrentPrincipal() principal: Principal,
    @ZodQuery(calendarQuerySchema) query: { year: number },
  ): Promise<CalendarYear> {
    return this.calendar.year(principal, query.year);
  }

  @Put(':date')
  @ApiOperation({
    summary: 'Declare a county holiday or working day (used by working-day deadlines)',
  })
  @ApiZodBody(calendarDaySchema)
  set(
    @CurrentPrincipal() principal: Principal,
    @Param('date', new DatePipe()) date: string,
    @ZodBody(calendarDaySchema) body: CalendarDayInput,
  ): Promise<CalendarYear> {
    return this.calendar.set(principal, date, body);
  }

  @Delete(':date')
  @ApiOperation({ summary: 'Remove a county override: the national calendar applies again' })
  unset(
    @CurrentPrincipal() principal: Principal,
    @Param('date', new DatePipe()) date: string,
  ): Promise<CalendarYear> {
    return this.calendar.unset(principal, date);
  }
}
