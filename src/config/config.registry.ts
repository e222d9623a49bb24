// Each module that has settings adds its *.config.ts here, once.
export const moduleConfigs = {};
