import { memoryStore, type RemovableStorage } from '../../src/discourse/ports';

/** Both extension storage areas in memory, as the background's services take them. */
export function memoryStorage(): RemovableStorage & { local: ReturnType<typeof memoryStore>; session: ReturnType<typeof memoryStore> } {
  const local = memoryStore();
  const session = memoryStore();
  return { local, session, remove: async (keys: string[]) => keys.forEach((k) => (local.data.delete(k), session.data.delete(k))) };
}
