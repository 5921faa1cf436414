import tty, { isatty, ReadStream, WriteStream } from 'node:tty';
import ttyPlain from 'tty';
import net from 'net';

const err = (f) => { try { return ['ok', f()]; } catch (e) { return [e.name, e.code, e.message]; } };

// Node cannot construct a tty stream on a descriptor that is not a terminal, so the classes are
// checked through their prototypes (which is what packages such as supports-color touch).
export default async function () {
  const W = WriteStream.prototype;
  return {
    keys: Object.keys(tty).sort(),
    same: [ttyPlain === tty, tty.isatty === isatty],
    isatty: [isatty(-1), isatty(1.5), isatty('1'), isatty(99999), isatty(2 ** 31), isatty(), isatty(null), typeof isatty(0), typeof isatty(1), typeof isatty(2)],
    classes: [typeof ReadStream, typeof WriteStream, ReadStream.name, WriteStream.name, ReadStream.length, WriteStream.length],
    inherits: [W instanceof net.Socket, ReadStream.prototype instanceof net.Socket, Object.getPrototypeOf(W) === net.Socket.prototype],
    methods: ['getColorDepth', 'hasColors', 'cursorTo', 'moveCursor', 'clearLine', 'clearScreenDown', 'getWindowSize'].map((m) => typeof W[m]),
    setRawMode: typeof ReadStream.prototype.setRawMode,
    colors: [
      W.getColorDepth.call({}, {}),
      W.getColorDepth.call({}, { TERM: 'dumb' }),
      W.hasColors.call({}, {}),
      W.hasColors.call({}, 2, {}),
      W.hasColors.call({}, 3, {}),
      W.hasColors.call({}, 16, { NO_COLOR: '1' }),
    ],
    hasColorsErrors: [
      err(() => W.hasColors.call({}, 1, {})),
      err(() => W.hasColors.call({}, 0, {})),
      err(() => W.hasColors.call({}, 'x', {})),
      err(() => W.hasColors.call({}, 1.5, {})),
      err(() => W.hasColors.call({}, null, {})),
    ],
  };
}
