#!/bin/sh
# Prints jlink's --exclude-resources value for the image's runtime: what the runner never reaches
# of the modules it needs. Run by the Dockerfile's build stage with the JDK's jimage list of the
# modules it links from:
#
#     jimage list "$jdk/lib/modules" | sh jlink-excludes.sh
#
# - java.xml's XSLT and XPath engines (Xalan's XSLTC and the BCEL and CUP it compiles stylesheets
#   with, XPath, their DTM, and the serializer that only a Transformer or LSSerializer writes
#   through): about 1.9 MB of the runtime. java.sql requires java.xml for SQLXML's signatures; the
#   only XML the runner reads is the RDS API's answers, through StAX (the AWS SDK's XmlDomParser),
#   which is Xerces' scanner and stays whole, as do the javax.xml, org.w3c.dom and org.xml.sax APIs,
#   SAX and DOM parsing. scripts/image-check.sh runs an RDS call in the image.
#   jlink refuses to leave a package of a module's descriptor empty, so one file of each such
#   package stays (its shortest name): inert, nothing loads it.
# - The JDK's messages in other languages than English (the launcher's, security's, the logging
#   levels' names, Xerces' and Xalan's): about 0.6 MB. The runner's own messages are English, and
#   a resource bundle falls back to its English base.
# - The Chinese, Japanese and Korean charsets that the Linux JDK keeps in java.base (GB18030, GBK,
#   Big5, EUC-JP, Shift_JIS, EUC-KR and their kin, with their mapping tables): about 0.65 MB. The
#   runner reads and writes UTF-8 only (PostgreSQL's client_encoding, the migrations, drizzle's
#   journal, its own output); asked for one of these by name, the JDK answers that the charset is
#   not supported (sun.nio.cs.StandardCharsets finds no class), as it does for any other it lacks.
#   (The Solaris and PCK variants that JDK 17's java.base builds on them go too.) One call cannot
#   work without them, Charset.availableCharsets(), which lists every charset: nothing in the
#   image calls it (ShadedJarIT checks the jar; the JDK 25 modules linked here do not either).
# - java/lang/uniName.dat, the Unicode character names behind Character.getName and a regex's
#   \N{NAME}: 0.16 MB, and nothing in the runner or its libraries asks for a character by name.
set -eu
awk '
/^Module: / { module = $2; next }
NF == 0 { next }
module == "java.xml" && $1 ~ /^com\/sun\/(org\/apache\/(xalan|bcel|xpath)|java_cup|org\/apache\/xml\/internal\/(dtm|serializer))\// {
    package = $1; sub(/\/[^\/]*$/, "", package)
    file = substr($1, length(package) + 2)
    if (!(package in kept) || length(file) < length(kept[package])) kept[package] = file
    next
}
END {
    for (package in kept) {
        p = package
        gsub(/[.$]/, "\\\\&", p)
        k = kept[package]
        gsub(/[.$]/, "\\\\&", k)
        printf "regex:/java\\.xml/%s/(?!%s$)[^/]*,", p, k
    }
    printf "regex:/java\\.base/sun/nio/cs/(Big5|Big5_HKSCS|EUC_CN|EUC_JP|EUC_JP_LINUX|EUC_KR|EUC_TW|EUC_TWMapping"
    printf "|GB18030|GBK|HKSCS|HKSCSMapping|JIS_X_0201|JIS_X_0208|JIS_X_0212|Johab|MS932|SJIS"
    printf "|EUC_JP_Open|Big5_Solaris|PCK|JIS_X_0208_Solaris|JIS_X_0212_Solaris)(\\$[^/]*)?\\.class,"
    printf "regex:/java\\.base/java/lang/uniName\\.dat,"
    print "regex:/java\\.(base|logging|xml)/.*_(ca|cs|de|es|fr|it|ja|ko|pt_BR|sk|sv|tr|zh_CN|zh_HK|zh_TW)\\.(class|properties)"
}'
