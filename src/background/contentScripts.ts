// The built file of the forum-page script, for `scripting.registerContentScripts` on granted
// origins. A self-contained IIFE: it needs no loader and no web-accessible resources.
import forumPageScript from '../content/forumPage.ts?iife';

export const contentScriptFiles: string[] = [forumPageScript];
