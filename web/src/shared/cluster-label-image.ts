/**
 * Cluster counts drawn as images. Text layers need glyph files from a server, which an offline map does not have;
 * an image per label, made on a canvas the first time the map asks for it, needs nothing.
 */
export const COUNT_IMAGE_PREFIX = 'count:';

const PIXEL_RATIO = 2;

export function countImageId(label: string): string {
  return `${COUNT_IMAGE_PREFIX}${label}`;
}

export function drawCountLabel(label: string): { image: ImageData; pixelRatio: number } {
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('this browser cannot draw on a canvas');
  const font = `700 ${12 * PIXEL_RATIO}px system-ui, "DejaVu Sans", "Liberation Sans", sans-serif`;
  context.font = font;
  const halo = 3 * PIXEL_RATIO;
  canvas.width = Math.ceil(context.measureText(label).width) + 2 * halo;
  canvas.height = 16 * PIXEL_RATIO + 2 * halo;
  // Resizing the canvas resets its state.
  context.font = font;
  context.textAlign = 'center';
  context.textBaseline = 'middle';
  context.lineJoin = 'round';
  context.lineWidth = halo;
  context.strokeStyle = 'rgba(17, 24, 39, 0.55)';
  const x = canvas.width / 2;
  const y = canvas.height / 2 + PIXEL_RATIO;
  context.strokeText(label, x, y);
  context.fillStyle = '#ffffff';
  context.fillText(label, x, y);
  return { image: context.getImageData(0, 0, canvas.width, canvas.height), pixelRatio: PIXEL_RATIO };
}
