import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { OpenedDatabase } from '@shuping/db';
/** Injection token of the opened database (its kind and close()). */
export const OPENED_DATABASE = Symbol('OPENED_DATABASE');

/**
 * Hands the already-opened (and migrated) database to TypeORM's Nest integration, so
 * repositories can be injected, and to anything that needs to know the storage kind.
 */
@Module({})
export class DatabaseModule {
  static forRoot(db: OpenedDatabase): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => db.dataSource.options,
          dataSourceFactory: () => Promise.resolve(db.dataSource),
        }),
      ],
      providers: [{ provide: OPENED_DATABASE, useValue: db }],
      exports: [OPENED_DATABASE],
    };
  }
}
