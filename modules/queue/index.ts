export * from './encrypted-queue';
