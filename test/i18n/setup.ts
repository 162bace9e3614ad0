// Unit tests read English, as the extension does in an English browser (vitest setupFiles).
import { installI18n } from './messages';

installI18n('en');
