/**
 * listr2 plumbing for drawing the interactive task list on a stream of our
 * choosing. listr2 9.0.5 decides TTY support from `process.stdout.isTTY` and
 * always writes through a `ProcessOutput`; attachUi has already decided the
 * target is an interactive terminal, so the renderer class below opts out of
 * listr2's own check and the logger is pointed at the chosen stream.
 */
import {
  DefaultRenderer,
  ListrLogger,
  ProcessOutput,
  type ListrDefaultRendererLogLevels,
  type ListrTask,
  type ListrTaskWrapper,
} from 'listr2';

/** listr2's default (spinner, redraw-in-place) renderer, without the process.stdout TTY check. */
export class StreamDefaultRenderer extends DefaultRenderer {
  static override nonTTY = true;
}

/** The listr context: the UI keeps its state outside listr, so there is none. */
export type UiListrContext = Record<string, never>;
export type UiRendererClass = typeof StreamDefaultRenderer;
export type UiTask = ListrTask<UiListrContext, UiRendererClass, UiRendererClass>;
export type UiTaskWrapper = ListrTaskWrapper<UiListrContext, UiRendererClass, UiRendererClass>;

/**
 * A logger that writes to `stream`. While rendering, listr2 captures other
 * writes to both of its streams and replays them after the final frame, so
 * a stray console.log cannot tear the display. When drawing to stdout the
 * second stream is stderr, as listr2 itself does; for any other stream
 * (tests, a file descriptor) nothing outside it is touched.
 */
export function streamLogger(stream: NodeJS.WritableStream): ListrLogger<ListrDefaultRendererLogLevels> {
  const errorStream = stream === process.stdout ? process.stderr : stream;
  // ProcessOutput is typed for tty.WriteStream but only uses write() and the
  // own properties (isTTY, columns, rows) log-update reads, which may be absent.
  const processOutput = new ProcessOutput(stream as NodeJS.WriteStream, errorStream as NodeJS.WriteStream);
  return new ListrLogger<ListrDefaultRendererLogLevels>({ useIcons: true, processOutput });
}
