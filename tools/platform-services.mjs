// The services `npm start` runs, with the local addresses it prints. Each issue that adds a
// service adds it here.
const service = (name, port, extraEnv = {}) => ({
  name,
  entry: `apps/${name}/dist/src/main.js`,
  url: `http://127.0.0.1:${port}`,
  health: `http://127.0.0.1:${port}/health`,
  env: { PORT: String(port), ...extraEnv },
});

export const PLATFORM_SERVICES = [service('population-registry', 3001)];
