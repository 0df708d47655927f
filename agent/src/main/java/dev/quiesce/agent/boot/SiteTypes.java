package dev.quiesce.agent.boot;

import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;

/** Erased site types from JVM descriptors, without loading any class named in them. */
public final class SiteTypes {
    private SiteTypes() {}

    /** {@code (JLjava/lang/String;[I)Ljava/util/List;} becomes {@code (long, Object, Object)Object}. */
    public static MethodType erased(String descriptor) {
        int close = descriptor.indexOf(')');
        if (descriptor.isEmpty() || descriptor.charAt(0) != '(' || close < 0) {
            throw new IllegalArgumentException("not a method descriptor: " + descriptor);
        }
        List<Class<?>> params = new ArrayList<>();
        int i = 1;
        while (i < close) {
            int end = typeEnd(descriptor, i);
            params.add(erasedType(descriptor.charAt(i)));
            i = end;
        }
        Class<?> ret = erasedType(descriptor.charAt(close + 1));
        return MethodType.methodType(ret, params);
    }

    /** Parameter types as a person reads them: {@code (long, String, int[])}. */
    public static String readableParams(String descriptor) {
        StringBuilder b = new StringBuilder("(");
        int close = descriptor.indexOf(')');
        int i = 1;
        while (i < close) {
            int end = typeEnd(descriptor, i);
            if (b.length() > 1) {
                b.append(", ");
            }
            b.append(readable(descriptor.substring(i, end)));
            i = end;
        }
        return b.append(')').toString();
    }

    private static String readable(String t) {
        int dims = 0;
        while (t.charAt(dims) == '[') {
            dims++;
        }
        String base;
        char c = t.charAt(dims);
        switch (c) {
            case 'Z': base = "boolean"; break;
            case 'B': base = "byte"; break;
            case 'C': base = "char"; break;
            case 'S': base = "short"; break;
            case 'I': base = "int"; break;
            case 'J': base = "long"; break;
            case 'F': base = "float"; break;
            case 'D': base = "double"; break;
            default:
                String n = t.substring(dims + 1, t.length() - 1);
                base = n.substring(n.lastIndexOf('/') + 1);
        }
        return base + "[]".repeat(dims);
    }

    private static int typeEnd(String d, int i) {
        while (d.charAt(i) == '[') {
            i++;
        }
        if (d.charAt(i) == 'L') {
            int semi = d.indexOf(';', i);
            if (semi < 0) {
                throw new IllegalArgumentException("not a method descriptor: " + d);
            }
            return semi + 1;
        }
        return i + 1;
    }

    private static Class<?> erasedType(char c) {
        switch (c) {
            case 'Z': return boolean.class;
            case 'B': return byte.class;
            case 'C': return char.class;
            case 'S': return short.class;
            case 'I': return int.class;
            case 'J': return long.class;
            case 'F': return float.class;
            case 'D': return double.class;
            case 'V': return void.class;
            case 'L':
            case '[': return Object.class;
            default: throw new IllegalArgumentException("bad type character '" + c + "'");
        }
    }
}
