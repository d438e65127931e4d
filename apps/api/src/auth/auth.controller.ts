import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiZodBody, ZodBody } from '../common/validation/zod.pipe.js';
import { CurrentPrincipal, Public } from './auth.decorators.js';
import { AuthService, type TokenPair } from './auth.service.js';
import type { Principal } from './principal.js';

const loginSchema = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
});
const refreshSchema = z.strictObject({ refreshToken: z.string().min(10).max(200) });

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in with username and password; returns access and refresh tokens' })
  @ApiZodBody(loginSchema)
  login(@ZodBody(loginSchema) body: z.infer<typeof loginSchema>): Promise<TokenPair> {
    return this.auth.login(body.username, body.password);
  }

  @Public()
  @Post('auth/refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a refresh token for a new pair (the old one stops working)' })
  @ApiZodBody(refreshSchema)
  refresh(@ZodBody(refreshSchema) body: z.infer<typeof refreshSchema>): Promise<TokenPair> {
    return this.auth.refresh(body.refreshToken);
  }

  @Post('auth/logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End this session: its access and refresh tokens stop working' })
  logout(@CurrentPrincipal() principal: Principal): Promise<void> {
    return this.auth.logout(principal);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in person and their scoped roles' })
  me(
    @CurrentPrincipal() principal: Principal,
  ): Omit<Principal, 'sessionId' | 'mustChangePassword'> {
    // The account's own route says whether a password change is due (GET /api/account).
    const { sessionId: _sessionId, mustChangePassword: _mustChange, ...me } = principal;
    return me;
  }
}
