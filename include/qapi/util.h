/*
 * QAPI utilities: enum lookup tables, string parsing helpers and list
 * macros used by generated code and its users.
 */
#ifndef QAPI_UTIL_H
#define QAPI_UTIL_H

#include <stdbool.h>
#include <glib.h>

typedef struct Error Error;

/* Features of the schema every schema has; bit numbers in bitmasks. */
typedef enum {
    QAPI_DEPRECATED,
    QAPI_UNSTABLE,
} QapiSpecialFeature;

/*
 * The names of an enum type's values.  @array[i] is the name of value
 * i (NULL for values compiled out by their 'if' condition);
 * @special_features[i], if not NULL, is the bitmask of special
 * features (1u << QAPI_DEPRECATED ...) of value i.
 */
typedef struct QEnumLookup {
    const char *const *array;
    const unsigned char *const special_features;
    const int size;
} QEnumLookup;

/* The name of enum value @val, which must be in range. */
const char *qapi_enum_lookup(const QEnumLookup *lookup, int val);

/*
 * The enum value named @buf.  Returns @def if @buf is NULL.  On an
 * unknown name, sets @errp ("invalid parameter value: %s") and returns
 * @def.
 */
int qapi_enum_parse(const QEnumLookup *lookup, const char *buf,
                    int def, Error **errp);

/*
 * Parse @value as a boolean for parameter @name: "on", "yes", "true",
 * "y" are true; "off", "no", "false", "n" are false.  Anything else is
 * an error "Parameter '%s' expects 'on' or 'off'".
 */
bool qapi_bool_parse(const char *name, const char *value, bool *obj,
                     Error **errp);

/*
 * Length of the QAPI name at the start of @name (letters, digits, '-',
 * '_', starting with a letter, optionally with a downstream prefix
 * "__RFQDN_").  With @complete, the whole string must be a name.
 * Returns -1 if there is no valid name.
 */
int parse_qapi_name(const char *name, bool complete);

/*
 * For any GenericList @list, insert @element at the front.
 * @list is evaluated more than once.
 */
#define QAPI_LIST_PREPEND(list, element) do { \
    typeof(list) _tmp = g_malloc(sizeof(*(list))); \
    _tmp->value = (element); \
    _tmp->next = (list); \
    (list) = _tmp; \
} while (0)

/*
 * For any pointer to a GenericList @tail (usually the 'next' member of
 * a list element), insert @element at the back and update the tail.
 */
#define QAPI_LIST_APPEND(tail, element) do { \
    *(tail) = g_malloc0(sizeof(**(tail))); \
    (*(tail))->value = (element); \
    (tail) = &(*(tail))->next; \
} while (0)

/* Number of elements of any GenericList @list. */
#define QAPI_LIST_LENGTH(list)                                  \
    ({                                                          \
        size_t _len = 0;                                        \
        typeof(list) _tail;                                     \
        for (_tail = list; _tail != NULL; _tail = _tail->next) { \
            _len++;                                             \
        }                                                       \
        _len;                                                   \
    })

#endif
