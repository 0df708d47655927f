package example.shop;

/** Loaded only when a test asks for it, after its probe was added. */
public class LateLoaded {
    public String hello() {
        return "hello";
    }
}
