import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { OpenedDatabase } from '@shuping/db';
import { OPENED_DATABASE } from '../common/config/config.constants.js';

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
