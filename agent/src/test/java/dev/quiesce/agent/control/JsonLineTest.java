package dev.quiesce.agent.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JsonLineTest {
    @Test
    void valuesAreEscapedAndTyped() {
        String s = new JsonLine().put("s", "a\"b\\c\nd\u0001").put("n", 5).put("d", 1.5).put("nan", Double.NaN)
                .put("b", true).put("a", new long[] {1, 2}).put("z", (String) null).putRaw("o", "{\"x\":1}").toString();
        assertEquals("{\"s\":\"a\\\"b\\\\c\\nd\\u0001\",\"n\":5,\"d\":1.5,\"nan\":null,\"b\":true,\"a\":[1,2],"
                + "\"z\":null,\"o\":{\"x\":1}}", s);
    }
}
