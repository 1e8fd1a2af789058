// The request fields of the output format, as the openai SDK names them (openai 7.59.0 images.d.ts):
// output_format and output_compression, complexity, GIF frame_count and frame_duration_ms, and the SVG author.
import type { ImageRequest } from '../../types';

export interface OpenAIFormatParams {
  output_format: ImageRequest['outputFormat'];
  output_compression?: number;
  complexity?: NonNullable<ImageRequest['complexity']>;
  frame_count?: number;
  frame_duration_ms?: number;
  svg?: { model: string; reasoning?: { effort: NonNullable<ImageRequest['svgEffort']> } };
}

/** Only the fields that apply to the format are sent: the API refuses GIF options on a PNG and the reverse. */
export function openaiFormatParams(r: ImageRequest): OpenAIFormatParams {
  const f = r.outputFormat;
  const compressible = f === 'jpeg' || f === 'webp';
  return {
    output_format: f,
    ...(r.outputCompression !== undefined && compressible ? { output_compression: r.outputCompression } : {}),
    ...(r.complexity !== undefined ? { complexity: r.complexity } : {}),
    ...(f === 'gif' && r.gifFrames !== undefined ? { frame_count: r.gifFrames } : {}),
    ...(f === 'gif' && r.gifFrameDurationMs !== undefined ? { frame_duration_ms: r.gifFrameDurationMs } : {}),
    // `svg` is sent only with an author model: without SVG model selection the API wants the object omitted.
    ...(f === 'svg' && r.svgModel !== undefined
      ? { svg: { model: r.svgModel, ...(r.svgEffort !== undefined ? { reasoning: { effort: r.svgEffort } } : {}) } }
      : {}),
  };
}
