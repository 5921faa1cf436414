import constants from 'constants';
import nodeConstants, { ENOENT, SIGTERM, O_RDONLY, RSA_PKCS1_PADDING } from 'node:constants';
import os from 'node:os';
import fs from 'node:fs';
import crypto from 'node:crypto';

// The full key list is Node's (OpenSSL, libuv): only keys every source module of lang-js has are compared.
const KEYS = ['RTLD_LAZY', 'RTLD_NOW', 'E2BIG', 'EACCES', 'ENOENT', 'EEXIST', 'ECONNREFUSED', 'ETIMEDOUT', 'PRIORITY_LOW', 'PRIORITY_HIGHEST',
  'SIGHUP', 'SIGINT', 'SIGKILL', 'SIGTERM', 'F_OK', 'R_OK', 'W_OK', 'X_OK', 'O_RDONLY', 'O_WRONLY', 'O_CREAT', 'O_APPEND', 'S_IFMT', 'S_IFREG', 'S_IFDIR',
  'COPYFILE_EXCL', 'RSA_PKCS1_PADDING', 'RSA_PKCS1_OAEP_PADDING', 'RSA_PKCS1_PSS_PADDING', 'RSA_PSS_SALTLEN_DIGEST'];

export default async function () {
  const keys = Object.keys(constants);
  const missingFromSources = (src) => Object.keys(src).filter((k) => typeof src[k] === 'number' && !(k in constants));
  return {
    same: constants === nodeConstants,
    values: KEYS.map((k) => [k, constants[k]]),
    types: [...new Set(KEYS.map((k) => typeof constants[k]))],
    named: [ENOENT, SIGTERM, O_RDONLY, RSA_PKCS1_PADDING],
    frozen: [Object.isFrozen(constants), Object.getPrototypeOf(constants) === Object.prototype, 'toString' in constants, 'hasOwnProperty' in constants, Object.getOwnPropertyDescriptor(constants, 'ENOENT')],
    fromSources: [
      missingFromSources(os.constants.errno), missingFromSources(os.constants.signals), missingFromSources(os.constants.priority),
      missingFromSources(os.constants.dlopen), missingFromSources(fs.constants).filter((k) => k.startsWith('O_') || k.endsWith('_OK')),
      missingFromSources(crypto.constants),
    ],
    noNested: ['errno', 'signals', 'priority', 'dlopen', 'UV_UDP_REUSEADDR'].map((k) => k in constants),
    agree: [constants.ENOENT === os.constants.errno.ENOENT, constants.SIGINT === os.constants.signals.SIGINT, constants.O_CREAT === fs.constants.O_CREAT, constants.RSA_PKCS1_PADDING === crypto.constants.RSA_PKCS1_PADDING],
    many: keys.length > 100,
    errnoFirst: keys.indexOf('E2BIG') < keys.indexOf('SIGHUP') && keys.indexOf('SIGHUP') < keys.indexOf('F_OK'),
  };
}
