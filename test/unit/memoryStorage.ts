import { memoryStore, type RemovableStorage } from '../../src/discourse/ports';

/** Both extension storage areas in memory, as the background's services take them. */
export function memoryStorage(): RemovableStorage & {
  local: ReturnType<typeof memoryStore>;
  session: ReturnType<typeof memoryStore>;
} {
  const local = memoryStore();
  const session = memoryStore();
  const remove = async (keys: string[]) => {
    for (const key of keys) {
      local.data.delete(key);
      session.data.delete(key);
    }
  };
  return { local, session, remove };
}
