export * from './app.bootstrap.js';
export { CampaignLauncher } from './campaigns/campaign-launcher.service.js';
export { CountySetupService } from './seed/county-setup.service.js';
export { SupervisionDashboardService } from './supervision/supervision-dashboard.service.js';
export {
  deadlinesQuerySchema,
  heatmapQuerySchema,
  overviewQuerySchema,
} from './supervision/supervision.schemas.js';
export { taskQuerySchema, TasksService } from './tasks/tasks.service.js';
export type { Principal } from './auth/principal.js';
