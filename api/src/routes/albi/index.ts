import { createRouter } from '../../http/router.ts';
import { albiRoutes } from './analyze.ts';

/** ALBI: signal analysis (original port 6666). */
export const albiApp = () => createRouter().route('/', albiRoutes);
