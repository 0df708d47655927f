/**
 * Probe specs: where a probe goes and what it does, in a one-line text form for people and a JSON form for
 * tools, both read by {@link dev.quiesce.agent.spec.ProbeSpecParser} into an immutable
 * {@link dev.quiesce.agent.spec.ProbeSpec}.
 *
 * <h2>Text form</h2>
 * <pre>
 * spec     := site WS target WS action (WS option)*
 * site     := entry | return | throw | exit | timing                  (any case)
 * target   := class-pattern '#' method-pattern [ '(' params ')' ]     (no spaces, except after commas in params)
 * params   := empty | type (',' type)* [',' '..'] | '..'
 * type     := name ('[]')*                                            (primitive, simple or qualified class name)
 * action   := count | hist | histogram | capture | stack | handler=binary.class.Name
 * option   := key '=' value                                           (each key at most once; keys in any case)
 * key      := name | sample | rate | limit | maxBytes | depth | sleepable | force | maxClasses | errors | jar
 * number   := ['-'] digits ('_' digits)* ['k' | 'm']                  (10k = 10000, 1m = 1000000)
 * rate     := number '/' (s | sec | min)                              (per second, rounded up, at least 1)
 * value    := text without whitespace or unbalanced parentheses, or "quoted" with \" and \\ as escapes
 * </pre>
 * <p>Examples: {@code entry com.example.Checkout#price(long, String) count},
 * {@code timing com.example.*Service#handle* hist}, {@code timing com.example.Cache#get hist sample=64} (every
 * call counted, one in 64 timed),
 * {@code exit com.example.Checkout#price capture sample=10 rate=100/s maxBytes=512}.
 *
 * <h2>JSON form</h2>
 * <p>One probe object, an array of them, or {@code {"probes": [...]}}. A probe has {@code "site"},
 * {@code "class"}, {@code "method"} and {@code "action"}, and optionally {@code "name"}, {@code "params"}
 * (an array of type names; absent for any overload, {@code []} for none), {@code "handler"}, {@code "jar"}
 * and {@code "options"} (an object with the text form's keys but {@code name} and {@code jar}; numbers are
 * JSON integers, {@code rate} a string such as {@code "100/s"} or an integer per second, flags booleans).
 *
 * <h2>Errors</h2>
 * <p>Every error is a {@link dev.quiesce.agent.spec.SpecException} reading {@code source:line:column: reason}
 * at the offending token; text-form errors echo the line with a caret under the column.
 */
package dev.quiesce.agent.spec;
