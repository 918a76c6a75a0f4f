package dev.parley.local.engines.internal.sns;

import java.util.Map;
import java.util.UUID;

/** Builds AWS query-protocol XML responses for SNS. */
public final class XmlResponse {

    static final String NAMESPACE = "http://sns.amazonaws.com/doc/2010-03-31/";

    private final StringBuilder xml = new StringBuilder();

    /** Adds {@code <name>value</name>}, skipping {@code null} values. */
    public XmlResponse element(String name, String value) {
        if (value != null) {
            xml.append('<').append(name).append('>').append(escape(value)).append("</").append(name).append('>');
        }
        return this;
    }

    /** Appends another response's elements. */
    public XmlResponse raw(XmlResponse other) {
        xml.append(other.xml);
        return this;
    }

    public XmlResponse open(String name) {
        xml.append('<').append(name).append('>');
        return this;
    }

    public XmlResponse close(String name) {
        xml.append("</").append(name).append('>');
        return this;
    }

    /** Adds a string map as {@code <name><entry><key/><value/></entry>…</name>}. */
    public XmlResponse map(String name, Map<String, String> entries) {
        open(name);
        entries.forEach((key, value) -> open("entry").element("key", key).element("value", value).close("entry"));
        return close(name);
    }

    /** The whole document for an action's result. */
    public String document(String action) {
        return "<" + action + "Response xmlns=\"" + NAMESPACE + "\"><" + action + "Result>" + xml + "</" + action + "Result>"
                + "<ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata></" + action + "Response>";
    }

    /** An error document. */
    public static String error(SnsException error) {
        return "<ErrorResponse xmlns=\"" + NAMESPACE + "\"><Error><Type>" + error.type() + "</Type><Code>" + escape(error.code())
                + "</Code><Message>" + escape(error.getMessage()) + "</Message></Error><RequestId>" + UUID.randomUUID()
                + "</RequestId></ErrorResponse>";
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&apos;");
                case '\r' -> escaped.append("&#13;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
