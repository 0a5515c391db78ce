// Declarations for signed-request.mjs (plain JavaScript, so the bench runs with bare node), for the TypeScript tests.

export declare function signedDescribe(target: { host: string; port: number; ingressId: number; keys: { accessKeyId: string; accessKeySecret: string } }): string
