package io.studioflow.flows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The first parser any uploaded flow or decision meets. DOCTYPEs are refused outright, so neither an
 * external entity (XXE) nor an entity-expansion bomb ever gets expanded; nothing is fetched from outside.
 */
public final class SafeXml {

    public static final String DOCTYPE_REFUSED = "XML with a DOCTYPE/entities is not accepted";

    private SafeXml() {
    }

    /** A readable reason the bytes are not acceptable XML. */
    public static final class XmlRefusedException extends Exception {
        public XmlRefusedException(String message) {
            super(message);
        }
    }

    public static Document parse(byte[] xml) throws XmlRefusedException {
        try {
            DocumentBuilder builder = factory().newDocumentBuilder();
            builder.setErrorHandler(THROWING);
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException(DOCTYPE_REFUSED);
            });
            return builder.parse(new ByteArrayInputStream(xml));
        } catch (SAXParseException e) {
            if (isDoctype(e)) {
                throw new XmlRefusedException(DOCTYPE_REFUSED);
            }
            throw new XmlRefusedException("Malformed XML at line " + e.getLineNumber() + ", column " + e.getColumnNumber()
                    + ": " + e.getMessage());
        } catch (SAXException e) {
            throw new XmlRefusedException(isDoctype(e) ? DOCTYPE_REFUSED : "Malformed XML: " + e.getMessage());
        } catch (IOException e) {
            throw new XmlRefusedException("Could not read the XML: " + e.getMessage());
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be configured", e);
        }
    }

    private static boolean isDoctype(SAXException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("DOCTYPE") || message.contains(DOCTYPE_REFUSED);
    }

    private static DocumentBuilderFactory factory() {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        try {
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a security feature", e);
        }
        return factory;
    }

    private static final ErrorHandler THROWING = new ErrorHandler() {
        @Override
        public void warning(SAXParseException exception) {
        }

        @Override
        public void error(SAXParseException exception) throws SAXException {
            throw exception;
        }

        @Override
        public void fatalError(SAXParseException exception) throws SAXException {
            throw exception;
        }
    };
}
