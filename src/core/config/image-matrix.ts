import type { ImageConfig } from './image-config.js';
import type { ImageSet } from './image-set.js';

/** One job of the fan-out. */
export interface ImageJob {
  /** For job names: the image's name, or the definition's for a single-image file. */
  name: string;
  /** What the steps' `image` input takes: the image's name; empty for a single-image file (no selection needed). */
  image: string;
  definition?: string;
  gallery?: string;
}

export interface ImageMatrix {
  jobs: ImageJob[];
  /** GitHub `strategy.matrix` (`fromJSON`): `include` gives each job its name, image, definition and gallery. */
  github: { include: ImageJob[] };
  /** Azure DevOps `strategy: matrix`: one leg per image, named after it, setting the `image` variable. */
  azdo: Record<string, { image: string }>;
}

/** The jobs an image.yaml fans out to: one per entry of `images:`, or one for the single-image form. */
export function imageMatrix(set: ImageSet): ImageMatrix {
  const jobs =
    set.kind === 'single'
      ? [job(set.config.definition?.name ?? 'image', '', set.config)]
      : [...set.images].map(([name, config]) => job(name, name, config));
  return {
    jobs,
    github: { include: jobs },
    azdo: Object.fromEntries(jobs.map((j) => [legName(j.name), { image: j.image }])),
  };
}

function job(name: string, image: string, config: ImageConfig): ImageJob {
  return {
    name,
    image,
    ...(config.definition?.name === undefined ? {} : { definition: config.definition.name }),
    ...(config.gallery?.name === undefined ? {} : { gallery: config.gallery.name }),
  };
}

/** Azure DevOps matrix leg names become job names: letters, digits and underscores only. */
function legName(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_');
}
