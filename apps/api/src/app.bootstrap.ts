import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from '@shuping/config';
import { openDatabase, type OpenedDatabase } from '@shuping/db';
import type { NextFunction, Request, Response } from 'express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { mountQueueDashboard } from './operations/operations.js';

export interface ShupingApp {
  app: NestExpressApplication;
  db: OpenedDatabase;
  /** Stops HTTP, workers and timers, then closes the database (and PGlite). */
  close(): Promise<void>;
}

/** Builds the api application: opens and migrates the database, wires HTTP, docs and the web app. */
export async function createApp(config: AppConfig): Promise<ShupingApp> {
  const db = await openDatabase(config.database, { runMigrations: true });
  let app: NestExpressApplication;
  try {
    app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, db), {
      bufferLogs: true,
      bodyParser: false,
    });
  } catch (error) {
    await db.close();
    throw error;
  }
  app.useLogger(app.get(Logger));
  app.useBodyParser('json', { limit: config.http.bodyLimitBytes });
  app.setGlobalPrefix('api');
  app.enableShutdownHooks();
  app.disable('x-powered-by');
  mountQueueDashboard(app, config);
  setupOpenApi(app);
  serveWebApp(app, resolve(config.http.webDistDir));

  let closed = false;
  return {
    app,
    db,
    close: async () => {
      if (closed) return;
      closed = true;
      await app.close();
      await db.close();
    },
  };
}

function setupOpenApi(app: NestExpressApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Shuping (述评) API')
      .setDescription('Process definitions, campaigns, instances, tasks and supervision')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}

/** Serves the built React app at `/`, with client-side routes falling back to index.html. */
function serveWebApp(app: NestExpressApplication, distDir: string): void {
  const index = join(distDir, 'index.html');
  if (!existsSync(index)) {
    app.get(Logger).warn(`Web app not built (${index} missing): run "npm run build:web".`);
    return;
  }
  app.useStaticAssets(distDir, { index: false, maxAge: '1h' });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || req.path.startsWith('/api')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
