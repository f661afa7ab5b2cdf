/**
 * How often a running send's or undo's counts reach the app's page: core paces its progress to this
 * (core/batch/progress-pace.ts), and main forwards each as it comes. At core's terminal pace (ten a
 * second, and once a second besides) a long send on a fast account redrew the send screen ≈ 11 times
 * a second (measured in Chromium: 83 frames over a 7.7 s send of 120 rows), numbers nobody reads that
 * fast, each one a status over IPC or the event stream and a render. Four a second: the counts still
 * visibly move, and rows/s and the time left read at a glance. A pause, a stop, a failure, a wait begun
 * or over and the end are told at once, after the count held before them.
 */
export const APP_PROGRESS_EVERY_MS = 250;
