// engine.mjs — gives the page modules the real engine's description of its
// cells, tasks and sweep defaults (what the bundle inlines at build time),
// loaded from the built API: no stand-in data.
import { loadApi } from '../helpers.mjs';
import { setEngineInfo } from '../../../web/js/engine_info.mjs';

export async function useEngineInfo() {
  const api = await loadApi();
  const info = { cells: api.cells(), tasks: api.tasks(), sweep: api.sweepDefaults() };
  setEngineInfo(info);
  return { api, info };
}
