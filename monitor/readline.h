/*
 * Line editing for the human monitor: echo, cursor movement, history.
 */
#ifndef MONITOR_READLINE_H
#define MONITOR_READLINE_H

#include <stdbool.h>
#include <glib.h>

#define READLINE_CMD_BUF_SIZE 4095
#define READLINE_MAX_CMDS 64

typedef void ReadLinePrintfFunc(void *opaque, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);
typedef void ReadLineFlushFunc(void *opaque);
typedef void ReadLineFunc(void *opaque, const char *str,
                          void *readline_opaque);

typedef struct ReadLineState {
    char cmd_buf[READLINE_CMD_BUF_SIZE + 1];
    int cmd_buf_index;
    int cmd_buf_size;

    /* what the terminal shows, to redraw only on change */
    char last_cmd_buf[READLINE_CMD_BUF_SIZE + 1];
    int last_cmd_buf_index;
    int last_cmd_buf_size;

    int esc_state;
    int esc_param;
    bool last_was_cr;

    char *history[READLINE_MAX_CMDS];
    int hist_entry;             /* -1: editing a new line */

    char prompt[256];
    bool read_password;
    ReadLineFunc *readline_func;
    void *readline_opaque;

    ReadLinePrintfFunc *printf_func;
    ReadLineFlushFunc *flush_func;
    void *opaque;
} ReadLineState;

/* A new line editor printing through @printf_func/@flush_func(@opaque). */
ReadLineState *readline_init(ReadLinePrintfFunc *printf_func,
                             ReadLineFlushFunc *flush_func, void *opaque);
void readline_free(ReadLineState *rs);

/*
 * readline_start: read a line after @prompt; @readline_func(opaque,
 * line, @readline_opaque) gets it when Enter is pressed.
 */
void readline_start(ReadLineState *rs, const char *prompt, bool read_password,
                    ReadLineFunc *readline_func, void *readline_opaque);
/* readline_restart: forget the partial line. */
void readline_restart(ReadLineState *rs);
/* readline_show_prompt: print the prompt (and the partial line). */
void readline_show_prompt(ReadLineState *rs);
/* readline_handle_byte: one byte of terminal input. */
void readline_handle_byte(ReadLineState *rs, int ch);
/* readline_get_history: history entry @index (0: oldest), or NULL. */
const char *readline_get_history(ReadLineState *rs, unsigned int index);

#endif
