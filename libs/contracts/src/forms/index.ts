export * from './form-settings.js';
export * from './step-forms.js';
export * from './form-requests.js';
export * from './form-samples.js';
