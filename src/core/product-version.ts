import pkg from '../../package.json' with { type: 'json' };

/** image-publish's version, as package.json states it: the one place every surface reads it from. */
export const PRODUCT_VERSION: string = pkg.version;
