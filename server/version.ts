import 'server-only';
import pkg from '@/package.json';

export const WHARF_VERSION: string = pkg.version;
