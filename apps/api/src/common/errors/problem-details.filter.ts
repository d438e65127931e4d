import {
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppException, type ErrorKind, type ProblemField } from '@shuping/contracts';

/** RFC 9457 problem details, with a stable machine-readable `code`. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  errors?: ProblemField[];
}

export function statusOf(kind: ErrorKind): number {
  switch (kind) {
    case 'invalid':
      return HttpStatus.BAD_REQUEST;
    case 'unauthenticated':
      return HttpStatus.UNAUTHORIZED;
    case 'forbidden':
      return HttpStatus.FORBIDDEN;
    case 'not_found':
      return HttpStatus.NOT_FOUND;
    case 'conflict':
      return HttpStatus.CONFLICT;
    case 'too_large':
      return HttpStatus.PAYLOAD_TOO_LARGE;
    case 'rate_limited':
      return HttpStatus.TOO_MANY_REQUESTS;
    case 'unavailable':
      return HttpStatus.SERVICE_UNAVAILABLE;
  }
}

/** Errors thrown by Express' body parser before any controller runs. */
interface BodyParserError {
  type: string;
  status?: number;
  statusCode?: number;
  expose?: boolean;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return typeof error === 'object' && error !== null && 'type' in error && 'expose' in error;
}

function toProblem(error: unknown): ProblemDetails {
  if (error instanceof AppException) {
    return {
      type: 'about:blank',
      title: error.message,
      status: statusOf(error.kind),
      code: error.code,
      errors: error.fields,
    };
  }
  if (isBodyParserError(error)) {
    const status = error.status ?? error.statusCode ?? 400;
    const code =
      error.type === 'entity.too.large'
        ? 'PAYLOAD_TOO_LARGE'
        : error.type === 'entity.parse.failed'
          ? 'MALFORMED_JSON'
          : 'BAD_REQUEST_BODY';
    const title =
      code === 'PAYLOAD_TOO_LARGE'
        ? 'Request body too large'
        : code === 'MALFORMED_JSON'
          ? 'Request body is not valid JSON'
          : 'Request body could not be read';
    return { type: 'about:blank', title, status, code };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    return {
      type: 'about:blank',
      title: error.message,
      status,
      code: httpCode(status, error.message),
    };
  }
  return {
    type: 'about:blank',
    title: 'Internal server error',
    status: 500,
    code: 'INTERNAL',
  };
}

function httpCode(status: number, message: string): string {
  if (status === 404) return 'ROUTE_NOT_FOUND';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 400 && /JSON/.test(message)) return 'MALFORMED_JSON';
  return `HTTP_${status}`;
}

/** The one edge where errors become HTTP responses (`application/problem+json`). */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const problem = { ...toProblem(error), instance: request.originalUrl };
    // User mistakes are answered, not logged as faults; only 5xx are server errors.
    if (problem.status >= 500 && problem.code !== 'UNAVAILABLE') {
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    }
    if (response.headersSent) return;
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }
}
