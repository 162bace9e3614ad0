export function findBrowser(kind: 'chromium' | 'firefox'): string;
