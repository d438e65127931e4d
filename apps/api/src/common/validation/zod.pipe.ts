import { applyDecorators, Body, Query, type PipeTransform } from '@nestjs/common';
import { ApiBody } from '@nestjs/swagger';
import { z } from 'zod';
import { AppException } from '@shuping/contracts';

/** Raised for request bodies or queries that do not match their schema. */
export class ValidationException extends AppException {
  constructor(issues: z.core.$ZodIssue[]) {
    super(
      'invalid',
      'VALIDATION_FAILED',
      'The request is not valid',
      issues.map((issue) => ({ path: issue.path.join('.') || '(body)', message: issue.message })),
    );
  }
}

/** Validates (and coerces) a value with a zod schema; unknown fields fail when the schema is strict. */
export class ZodPipe<T extends z.ZodType> implements PipeTransform<unknown, z.output<T>> {
  constructor(private readonly schema: T) {}

  transform(value: unknown): z.output<T> {
    const result = this.schema.safeParse(value ?? {});
    if (!result.success) throw new ValidationException(result.error.issues);
    return result.data;
  }
}

function openApiSchema(schema: z.ZodType): Record<string, unknown> {
  try {
    return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  } catch {
    return { type: 'object' };
  }
}

/** Documents the body in OpenAPI from the same zod schema that validates it. */
export function ApiZodBody(schema: z.ZodType): MethodDecorator {
  return applyDecorators(ApiBody({ schema: openApiSchema(schema) }));
}

/** `@ZodBody(schema)`: the validated request body. */
export const ZodBody = (schema: z.ZodType): ParameterDecorator => Body(new ZodPipe(schema));

/** `@ZodQuery(schema)`: the validated query string. */
export const ZodQuery = (schema: z.ZodType): ParameterDecorator => Query(new ZodPipe(schema));
