import type { Ctx } from '../forum';
import { escapeHtml as e } from '../cooking';
import { layout } from './layout';

/** The login form and the User API key pages (MARKUP.md §8). */

export function loginPage(ctx: Ctx, error?: string): string {
  const base = ctx.forum.settings.subfolder;
  return layout(
    ctx,
    'Log In',
    `<div class="login-page"><h1>Welcome back</h1>
${error ? `<p class="alert alert-error" role="alert">${e(error)}</p>` : ''}
<form id="login-form" method="post" action="${base}/session">
<label>Username <input id="login-account-name" name="login" autocomplete="username"></label>
<label>Password <input id="login-account-password" name="password" type="password" autocomplete="current-password"></label>
<button id="login-button" class="btn btn-primary" type="submit">Log In</button>
</form></div>`,
    { bare: true },
  );
}

export function genericErrorPage(ctx: Ctx): string {
  return layout(
    ctx,
    'Error',
    `<div class="authorize-api-key"><p class="error-message">Oops, that request is invalid. Something went wrong, please try again.</p></div>`,
    { bare: true },
  );
}

interface AuthorizeModel {
  application_name: string;
  localized_scopes: string[];
  write_scope: boolean;
  redirect_uri: string | null;
  expires_at: string | null;
  current_user: { username: string };
  [key: string]: unknown;
}

/** §8.1, and Authorize renders §8.2 in place at the same URL, as the Ember controller does. */
export function authorizePage(ctx: Ctx, model: AuthorizeModel): string {
  const base = ctx.forum.settings.subfolder;
  const redirectHost = model.redirect_uri ? safeHost(model.redirect_uri) : null;
  const request = {
    application_name: model.application_name,
    nonce: model.nonce,
    client_id: model.client_id,
    push_url: model.push_url,
    public_key: model.public_key,
    scopes: (model.scopes as string[]).join(','),
    ...(model.auth_redirect ? { auth_redirect: model.auth_redirect } : {}),
    ...(model.padding ? { padding: model.padding } : {}),
    ...(model.expires_in_seconds ? { expires_in_seconds: model.expires_in_seconds } : {}),
  };
  return layout(
    ctx,
    'Authorize application',
    `<div class="authorize-api-key">
<h1>“${e(model.application_name)}” would like to access your account</h1>
<p class="error-message" hidden></p>
<div class="authorize-api-key__user"><span class="authorize-api-key__user-label">Logged in as</span><img class="avatar" width="24" height="24" src="" alt=""><span class="authorize-api-key__username">${e(model.current_user.username)}</span></div>
<div class="authorize-api-key__summary"><div class="authorize-api-key__permissions"><p class="authorize-api-key__permissions-header">This application will be able to:</p>
<ul class="authorize-api-key__scopes">${model.localized_scopes.map((s) => `<li>${e(s)}</li>`).join('')}</ul></div>
${model.write_scope ? '<div class="authorize-api-key__write-warning authorize-api-key__summary-notice"><p>This application will be able to post and edit on your behalf.</p></div>' : ''}
${model.expires_at ? `<div class="authorize-api-key__expiry authorize-api-key__summary-detail"><p>Access expires ${e(model.expires_at)}</p></div>` : ''}
</div>
${redirectHost ? `<div class="authorize-api-key__redirect"><p class="authorize-api-key__redirect-url">You will be redirected to <strong>${e(redirectHost)}</strong></p></div>` : ''}
${
  ctx.forum.settings.oldForum
    ? oldForm(ctx, request)
    : `<form id="authorize-form"><div class="authorize-api-key__buttons">
<button type="submit" class="btn btn-primary"><span class="d-button-label">Authorize</span></button>
<a href="${base}/" class="btn btn-default"><span class="d-button-label">Deny</span></a>
</div></form>`
}</div>
${ctx.forum.settings.oldForum ? '' : ajaxScript(base, request)}`,
    { bare: true },
  );
}

/** Newest Discourse (user-api-key-new.js): Authorize posts by ajax and shows the result in place. */
function ajaxScript(base: string, request: Record<string, unknown>): string {
  return `<script>
document.getElementById('authorize-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const data = ${JSON.stringify(request).replace(/</g, '\\u003c')};
  const res = await fetch('${base}/user-api-key.json', { method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-CSRF-Token': document.querySelector('meta[name=csrf-token]').content, 'X-Requested-With': 'XMLHttpRequest', Accept: 'application/json' },
    body: new URLSearchParams(data) });
  const result = await res.json();
  const box = document.querySelector('.authorize-api-key');
  if (!res.ok) { const p = box.querySelector('.error-message'); p.hidden = false; p.textContent = (result.errors || ['Error']).join(' '); return; }
  if (result.redirect_url) { window.location = result.redirect_url; return; }
  box.replaceChildren();
  const instructions = document.createElement('p'); instructions.textContent = result.instructions;
  const display = document.createElement('div'); display.className = 'user-api-key-display';
  const code = document.createElement('code'); code.id = 'user-api-key-payload'; code.textContent = result.payload; display.append(code);
  const wrap = document.createElement('div');
  const copy = document.createElement('button'); copy.id = 'copy-api-key-btn'; copy.className = 'btn btn-primary'; copy.type = 'button';
  copy.innerHTML = '<span class="d-button-label">Copy key</span>';
  copy.addEventListener('click', () => navigator.clipboard.writeText(result.payload.replace(/\\s/g, '')));
  wrap.append(copy);
  box.append(instructions, display, wrap);
});
</script>`;
}

/** Older Discourse (ERB `new`): a full-page form POST to /user-api-key, which redirects or renders `show`. */
function oldForm(ctx: Ctx, request: Record<string, unknown>): string {
  const base = ctx.forum.settings.subfolder;
  const csrf = ctx.auth.kind === 'session' ? ctx.auth.session.csrf : '';
  const hidden = Object.entries({ ...request, authenticity_token: csrf })
    .map(([name, value]) => `<input type="hidden" name="${e(name)}" value="${e(String(value))}">`)
    .join('');
  return `<form id="authorize-form" method="post" action="${base}/user-api-key">${hidden}<div class="authorize-api-key__buttons"><input type="submit" class="btn btn-primary" value="Authorize"><a href="${base}/" class="btn btn-default">Deny</a></div></form>`;
}

/** The older full-page result (ERB `show`), for a form POST to /user-api-key. */
export function payloadPage(ctx: Ctx, payload: string): string {
  return layout(
    ctx,
    'Your key',
    `<div class="authorize-api-key"><p>Copy the key below and paste it into the application that requested it.</p>
<div class="user-api-key-display"><code id="user-api-key-payload">${e(payload)}</code></div>
<div><button id="copy-api-key-btn" class="btn btn-primary" type="button"><span class="d-button-label">Copy key</span></button></div></div>`,
    { bare: true },
  );
}

/** §8.3: enter the code, then Authorize / Deny, then done. */
export function activatePage(ctx: Ctx, model: Record<string, unknown>): string {
  const base = ctx.forum.settings.subfolder;
  const state = model.state as string;
  const device = model.device_auth as { application_name: string; localized_scopes: string[] } | undefined;
  let body: string;
  if (state === 'authorize' && device) {
    const hasApproval = typeof model.approval_token === 'string';
    body = `<h1>Authorize “${e(device.application_name)}”</h1>
<div class="authorize-api-key__user"><span class="authorize-api-key__user-label">Logged in as</span><span class="authorize-api-key__username">${e(ctx.user!.username)}</span></div>
<div class="authorize-api-key__summary"><ul class="authorize-api-key__scopes">${device.localized_scopes.map((s) => `<li>${e(s)}</li>`).join('')}</ul>
<div class="authorize-api-key__unregistered-warning"><p>This application is not registered with this site.</p></div></div>
<p class="error-message" hidden></p>
<form class="authorize-api-key__code-form" id="device-form" data-request="${e(String(model.request_token))}" data-approval="${hasApproval ? e(String(model.approval_token)) : ''}">
${hasApproval ? '' : '<label>Code shown in the application <input id="user-api-key-device-code" name="code" autocomplete="off" placeholder="XXXX-XXXX"></label>'}
<div class="authorize-api-key__buttons"><button type="submit" class="btn btn-primary" data-action="authorize"><span class="d-button-label">Authorize</span></button>
${hasApproval ? '<button type="button" class="btn btn-default" data-action="deny"><span class="d-button-label">Deny</span></button>' : ''}</div></form>`;
  } else {
    const error = model.invalid_code
      ? 'That code is not valid.'
      : model.expired_code
        ? 'That request has expired or was already used.'
        : '';
    body = `<h1>Connect a device</h1><p class="error-message"${error ? '' : ' hidden'}>${e(error)}</p>
<form class="authorize-api-key__code-form" method="post" action="${base}/user-api-key/activate">
<input type="hidden" name="authenticity_token" value="${ctx.auth.kind === 'session' ? e(ctx.auth.session.csrf) : ''}">
<label>Code <input id="user-api-key-device-code" name="code" autocomplete="off" placeholder="XXXX-XXXX"></label>
<button type="submit" class="btn btn-primary" data-user-api-key-code-submit>Continue</button></form>`;
  }
  return layout(
    ctx,
    'Connect a device',
    `<div class="authorize-api-key">${body}</div>
<script>
const form = document.getElementById('device-form');
if (form) form.addEventListener('click', async (event) => {
  const button = event.target.closest('button[data-action]');
  if (!button) return;
  event.preventDefault();
  const action = button.dataset.action;
  const data = form.dataset.approval ? { approval_token: form.dataset.approval } : { request: form.dataset.request, code: form.querySelector('input[name=code]').value };
  const res = await fetch('${base}/user-api-key/device/' + action + '.json', { method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': document.querySelector('meta[name=csrf-token]').content, Accept: 'application/json' }, body: JSON.stringify(data) });
  const result = await res.json();
  const box = document.querySelector('.authorize-api-key');
  if (result.state === 'complete') { box.innerHTML = '<h1>' + (result.denied ? 'Access denied' : 'Device connected') + '</h1><p>You can return to the application now.</p>'; return; }
  const p = box.querySelector('.error-message'); p.hidden = false; p.textContent = result.invalid_code ? 'That code does not match.' : 'That request has expired or was already used.';
});
</script>`,
    { bare: true },
  );
}

function safeHost(url: string): string | null {
  try {
    return new URL(url).host || url;
  } catch {
    return null;
  }
}
