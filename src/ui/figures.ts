/** The symbols of the interactive view: a row's state, and the marks of its detail and notice lines. */
export const figures = {
  tick: '✔',
  cross: '✖',
  arrowDown: '↓',
  pointerSmall: '›',
} as const;

/** Spinner frames for rows still running; one step per redraw. */
export const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] as const;
