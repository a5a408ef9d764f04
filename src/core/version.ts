import pkg from '../../package.json' with { type: 'json' };

/**
 * flowlens's version, from package.json (inlined by the build, so the compiled CLI does not look
 * for package.json beside itself): `flowlens --version` and the User-Agent of every request.
 */
export const VERSION: string = pkg.version;
