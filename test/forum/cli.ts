import { readFileSync } from 'node:fs';
import { Forum } from './forum';
import { describe } from './routes/control';
import { parseFlags } from './settings';

/**
 * `npm run forum -- [--port N] [settings…]`: the sandbox forum on 127.0.0.1. The first stdout line
 * is one JSON object (url, admin key, users) for scripts; a human summary follows.
 */
const { port, patch } = parseFlags(process.argv.slice(2), (path) => readFileSync(path, 'utf8'));
const forum = new Forum(patch);
await forum.listen(port);
const state = describe(forum);
console.log(
  JSON.stringify({
    url: state.url,
    adminApiKey: state.adminApiKey,
    adminUsername: state.adminUsername,
    users: state.users.map(({ username, password }) => ({ username, password })),
  }),
);
console.log(`\nSandbox forum "${forum.settings.title}" at ${state.url}`);
console.log(
  `  ${forum.store.topics.length} topics, ${forum.store.posts.length} posts, ${forum.store.categories.length} categories, ${forum.store.notifications.length} notifications`,
);
console.log(
  `  mode: ${forum.settings.oldForum ? 'old forum (no device flow, PKCS#1 only)' : 'newest Discourse'}; time scale ${forum.settings.timeScale}`,
);
for (const user of state.users)
  console.log(`  ${user.username.padEnd(8)} password ${user.password.padEnd(18)} ${user.role}`);
console.log(`  control API: ${forum.url}/__sandbox/state`);
const stop = () => void forum.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
