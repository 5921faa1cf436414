// What the console's editor knows beyond @lafjs/cloud's own declarations: the packages those
// name (typed loosely here), and FunctionContext as a global, as Laf's editor has it.
declare module 'mongodb' { const m: any; export = m }
declare module 'axios' { export type AxiosStatic = any; const a: any; export default a }
declare module 'ws' { class WebSocket { send(data: any): void; close(): void; on(event: string, f: (...a: any[]) => void): void } export = WebSocket }
declare module 'express' { export type Request = any; export type Response = any }
declare module 'http' { export type IncomingHttpHeaders = Record<string, string | string[] | undefined> }
declare module 'node:http' { export type IncomingMessage = any }
declare module 'node:stream' { export type Readable = any }
declare module '@aws-sdk/client-s3' {
  export type S3 = any; export type GetObjectCommandInput = any; export type PutObjectCommandInput = any
  export type DeleteObjectCommandInput = any; export type ListObjectsCommandInput = any
  export type GetObjectCommandOutput = any; export type PutObjectCommandOutput = any
  export type DeleteObjectCommandOutput = any; export type ListObjectsCommandOutput = any
}
declare type FunctionContext = import('@lafjs/cloud').FunctionContext
declare const process: { env: Record<string, string | undefined> }
declare const Buffer: any
declare function require(name: string): any
