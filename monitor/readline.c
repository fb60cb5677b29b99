/*
 * Line editing for the human monitor.  The terminal is redrawn with ANSI
 * sequences: typed characters are echoed, arrows move the cursor or walk
 * the history, Enter hands the line over.
 */
#include "qemu/osdep.h"

#include "readline.h"

enum {
    IS_NORM,
    IS_ESC,     /* after ESC */
    IS_CSI,     /* after ESC [ */
    IS_SS3,     /* after ESC O */
};

ReadLineState *readline_init(ReadLinePrintfFunc *printf_func,
                             ReadLineFlushFunc *flush_func, void *opaque)
{
    ReadLineState *rs = g_new0(ReadLineState, 1);

    rs->hist_entry = -1;
    rs->printf_func = printf_func;
    rs->flush_func = flush_func;
    rs->opaque = opaque;
    return rs;
}

void readline_free(ReadLineState *rs)
{
    int i;

    if (!rs) {
        return;
    }
    for (i = 0; i < READLINE_MAX_CMDS; i++) {
        g_free(rs->history[i]);
    }
    g_free(rs);
}

void readline_show_prompt(ReadLineState *rs)
{
    rs->printf_func(rs->opaque, "%s", rs->prompt);
    rs->flush_func(rs->opaque);
    /* the terminal line is empty after the prompt */
    rs->last_cmd_buf_index = 0;
    rs->last_cmd_buf_size = 0;
    rs->esc_state = IS_NORM;
}

/* Bring the terminal in line with cmd_buf and the cursor position. */
static void readline_update(ReadLineState *rs)
{
    int i, delta;

    if (rs->cmd_buf_size != rs->last_cmd_buf_size ||
        memcmp(rs->cmd_buf, rs->last_cmd_buf, rs->cmd_buf_size) != 0) {
        /* back to the start of the line, rewrite it, clear the rest */
        for (i = 0; i < rs->last_cmd_buf_index; i++) {
            rs->printf_func(rs->opaque, "\033[D");
        }
        rs->cmd_buf[rs->cmd_buf_size] = '\0';
        if (rs->read_password) {
            for (i = 0; i < rs->cmd_buf_size; i++) {
                rs->printf_func(rs->opaque, "*");
            }
        } else {
            rs->printf_func(rs->opaque, "%s", rs->cmd_buf);
        }
        rs->printf_func(rs->opaque, "\033[K");
        memcpy(rs->last_cmd_buf, rs->cmd_buf, rs->cmd_buf_size);
        rs->last_cmd_buf_size = rs->cmd_buf_size;
        rs->last_cmd_buf_index = rs->cmd_buf_size;
    }
    if (rs->cmd_buf_index != rs->last_cmd_buf_index) {
        delta = rs->cmd_buf_index - rs->last_cmd_buf_index;
        for (i = 0; i < (delta > 0 ? delta : -delta); i++) {
            rs->printf_func(rs->opaque, delta > 0 ? "\033[C" : "\033[D");
        }
        rs->last_cmd_buf_index = rs->cmd_buf_index;
    }
    rs->flush_func(rs->opaque);
}

static void readline_insert_char(ReadLineState *rs, int ch)
{
    if (rs->cmd_buf_size >= READLINE_CMD_BUF_SIZE) {
        return;
    }
    memmove(rs->cmd_buf + rs->cmd_buf_index + 1,
            rs->cmd_buf + rs->cmd_buf_index,
            rs->cmd_buf_size - rs->cmd_buf_index);
    rs->cmd_buf[rs->cmd_buf_index++] = ch;
    rs->cmd_buf_size++;
}

static void readline_delete_char(ReadLineState *rs)
{
    if (rs->cmd_buf_index < rs->cmd_buf_size) {
        memmove(rs->cmd_buf + rs->cmd_buf_index,
                rs->cmd_buf + rs->cmd_buf_index + 1,
                rs->cmd_buf_size - rs->cmd_buf_index - 1);
        rs->cmd_buf_size--;
    }
}

static void readline_backspace(ReadLineState *rs)
{
    if (rs->cmd_buf_index > 0) {
        rs->cmd_buf_index--;
        readline_delete_char(rs);
    }
}

static void readline_backword(ReadLineState *rs)
{
    int start = rs->cmd_buf_index;

    while (start > 0 && g_ascii_isspace(rs->cmd_buf[start - 1])) {
        start--;
    }
    while (start > 0 && !g_ascii_isspace(rs->cmd_buf[start - 1])) {
        start--;
    }
    memmove(rs->cmd_buf + start, rs->cmd_buf + rs->cmd_buf_index,
            rs->cmd_buf_size - rs->cmd_buf_index);
    rs->cmd_buf_size -= rs->cmd_buf_index - start;
    rs->cmd_buf_index = start;
}

static int readline_hist_count(ReadLineState *rs)
{
    int n = 0;

    while (n < READLINE_MAX_CMDS && rs->history[n]) {
        n++;
    }
    return n;
}

static void readline_set_line(ReadLineState *rs, const char *line)
{
    size_t len = strlen(line);

    if (len > READLINE_CMD_BUF_SIZE) {
        len = READLINE_CMD_BUF_SIZE;
    }
    memcpy(rs->cmd_buf, line, len);
    rs->cmd_buf_size = rs->cmd_buf_index = len;
}

static void readline_up_char(ReadLineState *rs)
{
    int count = readline_hist_count(rs);

    if (!count || rs->hist_entry == 0) {
        return;
    }
    rs->hist_entry = rs->hist_entry == -1 ? count - 1 : rs->hist_entry - 1;
    readline_set_line(rs, rs->history[rs->hist_entry]);
}

static void readline_down_char(ReadLineState *rs)
{
    int count = readline_hist_count(rs);

    if (rs->hist_entry == -1) {
        return;
    }
    if (rs->hist_entry < count - 1) {
        readline_set_line(rs, rs->history[++rs->hist_entry]);
    } else {
        rs->hist_entry = -1;
        rs->cmd_buf_index = rs->cmd_buf_size = 0;
    }
}

static void readline_hist_add(ReadLineState *rs, const char *cmdline)
{
    int count = readline_hist_count(rs);
    int i;

    if (!cmdline[0]) {
        return;
    }
    /* a repeated line moves to the end instead of appearing twice */
    for (i = 0; i < count; i++) {
        if (!strcmp(rs->history[i], cmdline)) {
            char *entry = rs->history[i];

            memmove(&rs->history[i], &rs->history[i + 1],
                    (count - i - 1) * sizeof(char *));
            rs->history[count - 1] = entry;
            rs->hist_entry = -1;
            return;
        }
    }
    if (count == READLINE_MAX_CMDS) {
        g_free(rs->history[0]);
        memmove(&rs->history[0], &rs->history[1],
                (READLINE_MAX_CMDS - 1) * sizeof(char *));
        count--;
    }
    rs->history[count] = g_strdup(cmdline);
    rs->hist_entry = -1;
}

static void readline_enter(ReadLineState *rs)
{
    char line[READLINE_CMD_BUF_SIZE + 1];

    rs->cmd_buf[rs->cmd_buf_size] = '\0';
    memcpy(line, rs->cmd_buf, rs->cmd_buf_size + 1);
    if (!rs->read_password) {
        readline_hist_add(rs, line);
    }
    rs->printf_func(rs->opaque, "\n");
    rs->cmd_buf_index = 0;
    rs->cmd_buf_size = 0;
    rs->last_cmd_buf_index = 0;
    rs->last_cmd_buf_size = 0;
    if (rs->readline_func) {
        rs->readline_func(rs->opaque, line, rs->readline_opaque);
    }
}

void readline_handle_byte(ReadLineState *rs, int ch)
{
    bool was_cr = rs->last_was_cr;

    rs->last_was_cr = false;
    switch (rs->esc_state) {
    case IS_NORM:
        switch (ch) {
        case 1:                 /* Ctrl-A */
            rs->cmd_buf_index = 0;
            break;
        case 4:                 /* Ctrl-D */
            readline_delete_char(rs);
            break;
        case 5:                 /* Ctrl-E */
            rs->cmd_buf_index = rs->cmd_buf_size;
            break;
        case 12:                /* Ctrl-L: redraw */
            rs->printf_func(rs->opaque, "\n%s", rs->prompt);
            rs->last_cmd_buf_index = rs->last_cmd_buf_size = 0;
            break;
        case 21:                /* Ctrl-U: kill the line */
            rs->cmd_buf_index = rs->cmd_buf_size = 0;
            break;
        case 23:                /* Ctrl-W */
            readline_backword(rs);
            break;
        case 10:
            if (was_cr) {
                break;          /* CR LF is one Enter */
            }
            readline_enter(rs);
            return;
        case 13:
            rs->last_was_cr = true;
            readline_enter(rs);
            return;
        case 27:
            rs->esc_state = IS_ESC;
            break;
        case 8:
        case 127:
            readline_backspace(rs);
            break;
        case 155:
            rs->esc_state = IS_CSI;
            rs->esc_param = 0;
            break;
        default:
            if (ch >= 32) {
                readline_insert_char(rs, ch);
            }
            break;
        }
        break;
    case IS_ESC:
        if (ch == '[') {
            rs->esc_state = IS_CSI;
            rs->esc_param = 0;
        } else if (ch == 'O') {
            rs->esc_state = IS_SS3;
            rs->esc_param = 0;
        } else {
            rs->esc_state = IS_NORM;
        }
        break;
    case IS_CSI:
        rs->esc_state = IS_NORM;
        switch (ch) {
        case 'A':
            readline_up_char(rs);
            break;
        case 'B':
            readline_down_char(rs);
            break;
        case 'C':
            if (rs->cmd_buf_index < rs->cmd_buf_size) {
                rs->cmd_buf_index++;
            }
            break;
        case 'D':
            if (rs->cmd_buf_index > 0) {
                rs->cmd_buf_index--;
            }
            break;
        case 'F':
            rs->cmd_buf_index = rs->cmd_buf_size;
            break;
        case 'H':
            rs->cmd_buf_index = 0;
            break;
        case '0' ... '9':
            rs->esc_param = rs->esc_param * 10 + (ch - '0');
            rs->esc_state = IS_CSI;
            break;
        case '~':
            switch (rs->esc_param) {
            case 1:
            case 7:
                rs->cmd_buf_index = 0;
                break;
            case 3:
                readline_delete_char(rs);
                break;
            case 4:
            case 8:
                rs->cmd_buf_index = rs->cmd_buf_size;
                break;
            }
            break;
        }
        break;
    case IS_SS3:
        rs->esc_state = IS_NORM;
        if (ch == 'F') {
            rs->cmd_buf_index = rs->cmd_buf_size;
        } else if (ch == 'H') {
            rs->cmd_buf_index = 0;
        }
        break;
    }
    readline_update(rs);
}

void readline_start(ReadLineState *rs, const char *prompt, bool read_password,
                    ReadLineFunc *readline_func, void *readline_opaque)
{
    g_strlcpy(rs->prompt, prompt, sizeof(rs->prompt));
    rs->readline_func = readline_func;
    rs->readline_opaque = readline_opaque;
    rs->read_password = read_password;
    readline_restart(rs);
}

void readline_restart(ReadLineState *rs)
{
    rs->cmd_buf_index = 0;
    rs->cmd_buf_size = 0;
}

const char *readline_get_history(ReadLineState *rs, unsigned int index)
{
    if (index >= READLINE_MAX_CMDS) {
        return NULL;
    }
    return rs->history[index];
}
