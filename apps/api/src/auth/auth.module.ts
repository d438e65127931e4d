import { createSecretKey } from 'node:crypto';
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import type { AppConfig } from '@shuping/config';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { PrincipalService } from './principal.service.js';

@Global()
@Module({})
export class AuthModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AuthModule,
      imports: [
        JwtModule.register({
          // A key object, not the string: given a string, jsonwebtoken first tries to parse it as
          // a PEM public (or private) key and catches the failure, ~0.8 ms of CPU per token.
          secret: createSecretKey(Buffer.from(config.auth.jwtSecret, 'utf8')),
          signOptions: { expiresIn: config.auth.accessTokenTtlSeconds, algorithm: 'HS256' },
          verifyOptions: { algorithms: ['HS256'] },
        }),
      ],
      controllers: [AuthController],
      providers: [AuthService, PrincipalService, { provide: APP_GUARD, useClass: AuthGuard }],
      exports: [AuthService],
    };
  }
}
