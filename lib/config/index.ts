export * from './schema';
export { loadConfig, machineConfigPath, projectConfigPath, type LoadConfigOptions } from './load';
export { CONFIG_KEYS, envVarFor, normalizeOllamaHost } from './env';
export { describeConfig, expandHome, numCtxFor, privateFolders, redact, resolveConfigPath, type ConfigRow } from './display';
