// The UI's strings: the same translation layer as the background's (src/messages/i18n.ts).
export * from '../messages/i18n';
