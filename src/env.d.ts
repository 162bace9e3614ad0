/** Which browser this build is for; set by vite.config.ts. */
declare const __TARGET__: 'chrome' | 'firefox';
