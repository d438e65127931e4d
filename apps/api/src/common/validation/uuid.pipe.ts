import { Param, type PipeTransform } from '@nestjs/common';
import { AppException } from '@shuping/contracts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A malformed id names nothing: answer 404 like any id the caller cannot see. */
class UuidPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID.test(value)) throw new AppException('not_found', 'NOT_FOUND', 'Not found');
    return value.toLowerCase();
  }
}

/** `@IdParam()`: the `:id` route parameter, a UUID. */
export const IdParam = (name = 'id'): ParameterDecorator => Param(name, new UuidPipe());
