// Built files of the scripts the background injects, for `scripting`. Self-contained IIFEs: no
// loader and no web-accessible resources.
import forumPageScript from '../content/forumPage.ts?iife';
import capturePayloadScript from '../content/capturePayload.ts?iife';

export const contentScriptFiles = { forumPage: forumPageScript, capturePayload: capturePayloadScript };
