import type { ErrorKind } from '../discourse/errorKinds';
import type { MessageError } from '../messages/protocol';
import { t, type MessageKey } from './i18n';

/** Each kind of failure's next step for the user; a new kind without one does not compile. */
const NEXT_STEP: Record<ErrorKind, MessageKey> = {
  RateLimited: 'nextStepRateLimited',
  InvalidKey: 'nextStepInvalidKey',
  Forbidden: 'nextStepForbidden',
  NotFound: 'nextStepNotFound',
  Validation: 'nextStepValidation',
  EditConflict: 'nextStepEditConflict',
  ReadOnly: 'nextStepReadOnly',
  Offline: 'nextStepOffline',
  Network: 'nextStepNetwork',
  BadResponse: 'nextStepBadResponse',
  Moved: 'nextStepMoved',
  NoAdminKey: 'nextStepNoAdminKey',
  BadRequest: 'nextStepBadRequest',
  BadReply: 'nextStepBadReply',
  NoReceiver: 'nextStepNoReceiver',
  Internal: 'nextStepInternal',
};

export function nextStep(kind: ErrorKind): string {
  return t(NEXT_STEP[kind]);
}

/** What went wrong and what to do about it, as one text for a status line. */
export function explain(error: Pick<MessageError, 'kind' | 'message'>): string {
  return t('errorWithStep', error.message, nextStep(error.kind));
}
