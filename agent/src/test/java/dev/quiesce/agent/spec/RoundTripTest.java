package dev.quiesce.agent.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RoundTripTest {

    static List<String> lines() {
        return List.of(
                "entry com.example.Checkout#price(long, String) count",
                "timing com.example.*Service#handle* hist",
                "exit com.example.Checkout#price capture sample=10 rate=100/s maxBytes=512",
                "throw com.example.**#* count limit=1000",
                "timing com.example.Checkout#price handler=com.acme.MyHandler jar=/opt/h.jar sleepable=true name=slow-price",
                "entry com.example.Api$Inner#run() stack depth=16",
                "return a.B#c capture maxBytes=16",
                "exit a.B#c(int[][], java.util.Map$Entry, ..) stack depth=1024 force=true maxClasses=1000",
                "timing **#* hist rate=30/min errors=7",
                "timing a.B#c Histogram",
                "entry a.B#c(..) count",
                "entry a.B#c( ) count",
                "entry a.B#c(  long,String ) count",
                "throw *#get* count sample=1k limit=1m",
                "entry a.B#c count sleepable=false force=false",
                "entry a.B#c count name=count-B.c",
                "entry a.B#c count name=x.y_z-1",
                "entry a.B#c handler=x.H",
                "entry a.B#c handler=x.H jar=\"/opt/my jars/h (1).jar\" errors=1",
                "entry a.B#c handler=x.H jar=C:\\tools\\h.jar",
                "entry a.B#c handler=x.H jar=\"say \\\"hi\\\".jar\"",
                "entry a.B#c handler=x.H jar=\"back\\\\slash and space.jar\"",
                "EXIT com.acme.*$Inner#lambda$run$0(Object[], boolean) capture limit=5 rate=1/s",
                "entry a.B#c count rate=9223372036854775807/s limit=9223372036854775807",
                "entry a.B#c count sample=2147483647 maxClasses=2147483647 errors=2147483647 maxBytes=1048576",
                "entry a.B#c count budget=1000000",
                "timing a.B#c hist budget=1");
    }

    @ParameterizedTest
    @MethodSource("lines")
    void textFormReadsBackToAnEqualSpec(String line) {
        ProbeSpec spec = ProbeSpecParser.parseLine(line);
        String text = spec.toText();
        ProbeSpec again = ProbeSpecParser.parseLine(text);
        assertEquals(spec, again, text);
        assertEquals(text, again.toText(), "the canonical text is a fixed point");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ", \"params\": []", ", \"params\": [\"long\", \"..\"]",
        ", \"options\": {\"rate\": \"90/min\", \"depth\": 3}", ", \"name\": \"n\""})
    void jsonFormReadsBackThroughTheTextForm(String extra) {
        String json = "{\"site\": \"exit\", \"class\": \"a.*.B\", \"method\": \"c*\", \"action\": \"stack\"" + extra + "}";
        ProbeSpec spec = ProbeSpecParser.parseJson("t", json).get(0);
        assertEquals(spec, ProbeSpecParser.parseLine(spec.toText()), spec.toText());
    }

    @Test
    void canonicalText() {
        assertEquals("timing a.B#c hist", ProbeSpecParser.parseLine("TIMING  a.B#c   Histogram").toText());
        assertEquals("entry a.B#c(long, String) count",
                ProbeSpecParser.parseLine("entry a.B#c(long,String) count").toText());
        assertEquals("entry a.B#c count sample=10000 rate=2/s limit=1000000",
                ProbeSpecParser.parseLine("entry a.B#c count limit=1m rate=120/min sample=10k").toText());
        assertEquals("entry a.B#c handler=x.H jar=\"/a b.jar\" name=h sleepable=true",
                ProbeSpecParser.parseLine("entry a.B#c handler=x.H sleepable=true name=h jar=\"/a b.jar\"").toText());
        assertEquals("entry a.B#c count", ProbeSpecParser.parseLine("entry a.B#c count name=count-B.c").toText());
    }

    @Test
    void specsBuiltInCodeReadBack() {
        ProbeSpec spec = new ProbeSpec("count-B.c-2", SiteKind.ENTRY, ClassPattern.of("a.B"), MethodPattern.of("c"),
                Optional.of(ParamPattern.of("(java.lang.String[], ..)")), ActionKind.HANDLER, Optional.of("x.H"),
                Optional.of("/opt/(weird) \"dir\"/h.jar"),
                new ProbeOptions(3, 4, 5, 16, 1, true, true, 1, 1, 250));
        assertEquals(spec, ProbeSpecParser.parseLine(spec.toText()), spec.toText());
    }
}
