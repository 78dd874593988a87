<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name></name>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} s</translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation>{minutes} Min.</translation>
    </message>
    <message>
        <source>{hours} h {minutes} min</source>
        <translation>{hours} Std. {minutes} Min.</translation>
    </message>
    <message>
        <source>A site key is needed to store an API key.</source>
        <translation>Zum Speichern eines API-Schlüssels wird ein Website-Schlüssel benötigt.</translation>
    </message>
    <message>
        <source>Untitled gallery</source>
        <translation>Unbenannte Galerie</translation>
    </message>
    <message>
        <source>item count unknown</source>
        <translation>Anzahl der Elemente unbekannt</translation>
    </message>
    <message numerus="yes">
        <source>%Ln item(s)</source>
        <translation>
            <numerusform>%Ln Element</numerusform>
            <numerusform>%Ln Elemente</numerusform>
        </translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>Ohne Titel</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Bild</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>Video</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Element</translation>
    </message>
    <message>
        <source>{kind}: {title}</source>
        <translation>{kind}: {title}</translation>
    </message>
    <message>
        <source>Wix did not accept the API key or site ID.</source>
        <translation>Wix hat den API-Schlüssel oder die Website-ID nicht akzeptiert.</translation>
    </message>
    <message>
        <source>The key lacks the Pro Gallery permission.</source>
        <translation>Dem Schlüssel fehlt die Berechtigung für Pro Gallery.</translation>
    </message>
    <message>
        <source>Local sandbox</source>
        <translation>Lokale Sandbox</translation>
    </message>
    <message>
        <source>Enter a name for the site.</source>
        <translation>Gib einen Namen für die Website ein.</translation>
    </message>
    <message>
        <source>The name is too long (at most {count} characters).</source>
        <translation>Der Name ist zu lang (höchstens {count} Zeichen).</translation>
    </message>
    <message>
        <source>Enter the site ID.</source>
        <translation>Gib die Website-ID ein.</translation>
    </message>
    <message>
        <source>That does not look like a site ID. It is the long code after /dashboard/ in your site&apos;s dashboard address.</source>
        <translation>Das sieht nicht nach einer Website-ID aus. Sie ist der lange Code nach /dashboard/ in der Adresse des Dashboards deiner Website.</translation>
    </message>
    <message>
        <source>This site is already in the list as “{name}”.</source>
        <translation>Diese Website ist bereits als „{name}“ in der Liste.</translation>
    </message>
    <message>
        <source>The local sandbox is built in and cannot be changed or removed.</source>
        <translation>Die lokale Sandbox ist eingebaut und kann weder geändert noch entfernt werden.</translation>
    </message>
    <message>
        <source>The server address is not valid: {address}</source>
        <translation>Die Serveradresse ist ungültig: {address}</translation>
    </message>
    <message>
        <source>Could not reach Wix: {reason}.</source>
        <translation>Wix ist nicht erreichbar: {reason}.</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>Position</translation>
    </message>
    <message>
        <source>position</source>
        <translation>Position</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>Link</translation>
    </message>
    <message>
        <source>link</source>
        <translation>Link</translation>
    </message>
    <message>
        <source>Link text</source>
        <translation>Linktext</translation>
    </message>
    <message>
        <source>link text</source>
        <translation>Linktext</translation>
    </message>
    <message>
        <source>Link opening</source>
        <translation>Linkziel</translation>
    </message>
    <message>
        <source>link opening</source>
        <translation>Linkziel</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>Alt text</source>
        <translation>Alt-Text</translation>
    </message>
    <message>
        <source>alt text</source>
        <translation>Alt-Text</translation>
    </message>
    <message>
        <source>Focal point</source>
        <translation>Fokuspunkt</translation>
    </message>
    <message>
        <source>focal point</source>
        <translation>Fokuspunkt</translation>
    </message>
    <message>
        <source>video</source>
        <translation>Video</translation>
    </message>
    <message>
        <source>text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Sending the changes stopped: {reason}</source>
        <translation>Das Senden der Änderungen wurde abgebrochen: {reason}</translation>
    </message>
    <message>
        <source>Couldn&apos;t load the galleries: {reason}</source>
        <translation>Die Galerien konnten nicht geladen werden: {reason}</translation>
    </message>
    <message>
        <source>Loading galleries</source>
        <translation>Galerien werden geladen</translation>
    </message>
    <message>
        <source>Creating gallery “{name}”</source>
        <translation>Galerie „{name}“ wird erstellt</translation>
    </message>
    <message>
        <source>Cloning into “{name}”</source>
        <translation>Wird in „{name}“ geklont</translation>
    </message>
    <message>
        <source>Deleting gallery “{name}”</source>
        <translation>Galerie „{name}“ wird gelöscht</translation>
    </message>
    <message>
        <source>Checking the gallery for changes</source>
        <translation>Galerie wird auf Änderungen geprüft</translation>
    </message>
    <message>
        <source>Loading items</source>
        <translation>Elemente werden geladen</translation>
    </message>
    <message>
        <source>Couldn&apos;t load the gallery&apos;s items: {reason}</source>
        <translation>Die Elemente der Galerie konnten nicht geladen werden: {reason}</translation>
    </message>
    <message>
        <source>Opening the gallery</source>
        <translation>Galerie wird geöffnet</translation>
    </message>
    <message>
        <source>Showing the gallery as it is now</source>
        <translation>Galerie wird auf den neuesten Stand gebracht</translation>
    </message>
    <message>
        <source>Edit item</source>
        <translation>Element bearbeiten</translation>
    </message>
    <message>
        <source>Move item</source>
        <translation>Element verschieben</translation>
    </message>
    <message numerus="yes">
        <source>Move %Ln item(s)</source>
        <translation>
            <numerusform>%Ln Element verschieben</numerusform>
            <numerusform>%Ln Elemente verschieben</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %Ln item(s)</source>
        <translation>
            <numerusform>%Ln Element löschen</numerusform>
            <numerusform>%Ln Elemente löschen</numerusform>
        </translation>
    </message>
    <message>
        <source>the gallery</source>
        <translation>der Galerie</translation>
    </message>
    <message numerus="yes">
        <source>Deleting %Ln item(s)</source>
        <translation>
            <numerusform>%Ln Element wird gelöscht</numerusform>
            <numerusform>%Ln Elemente werden gelöscht</numerusform>
        </translation>
    </message>
    <message>
        <source>an item</source>
        <translation>ein Element</translation>
    </message>
    <message>
        <source>Delete {item} from {gallery}</source>
        <translation>{item} aus {gallery} löschen</translation>
    </message>
    <message numerus="yes">
        <source>Delete %Ln item(s) from {gallery}</source>
        <translation>
            <numerusform>%Ln Element aus {gallery} löschen</numerusform>
            <numerusform>%Ln Elemente aus {gallery} löschen</numerusform>
        </translation>
    </message>
    <message>
        <source>Upload {file}</source>
        <translation>{file} hochladen</translation>
    </message>
    <message>
        <source>a file</source>
        <translation>eine Datei</translation>
    </message>
    <message>
        <source>Restore {item} in {gallery}</source>
        <translation>{item} in {gallery} wiederherstellen</translation>
    </message>
    <message>
        <source>Add video {title} to {gallery}</source>
        <translation>Video {title} zu {gallery} hinzufügen</translation>
    </message>
    <message>
        <source>Add text {title} to {gallery}</source>
        <translation>Text {title} zu {gallery} hinzufügen</translation>
    </message>
    <message>
        <source>Add item {title} to {gallery}</source>
        <translation>Element {title} zu {gallery} hinzufügen</translation>
    </message>
    <message>
        <source>a gallery</source>
        <translation>eine Galerie</translation>
    </message>
    <message>
        <source>without a name</source>
        <translation>ohne Namen</translation>
    </message>
    <message>
        <source>Create gallery {name}</source>
        <translation>Galerie {name} erstellen</translation>
    </message>
    <message>
        <source>a copy</source>
        <translation>eine Kopie</translation>
    </message>
    <message>
        <source>Clone {gallery} as {name}</source>
        <translation>{gallery} als {name} klonen</translation>
    </message>
    <message>
        <source>Delete gallery {gallery}</source>
        <translation>Galerie {gallery} löschen</translation>
    </message>
    <message>
        <source>Move gallery {gallery}</source>
        <translation>Galerie {gallery} verschieben</translation>
    </message>
    <message>
        <source>Move {what} in {gallery}</source>
        <translation>{what} in {gallery} verschieben</translation>
    </message>
    <message>
        <source>{field} of {what}: {before} → {after}</source>
        <translation>{field} von {what}: {before} → {after}</translation>
    </message>
    <message>
        <source>Edit {what}</source>
        <translation>{what} bearbeiten</translation>
    </message>
    <message>
        <source>{fields} and {last}</source>
        <translation>{fields} und {last}</translation>
    </message>
    <message>
        <source>Edit {fields} of {what}</source>
        <translation>{fields} von {what} bearbeiten</translation>
    </message>
    <message numerus="yes">
        <source>Move %Ln item(s) in {gallery}</source>
        <translation>
            <numerusform>%Ln Element in {gallery} verschieben</numerusform>
            <numerusform>%Ln Elemente in {gallery} verschieben</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Edit %Ln item(s) in {gallery}</source>
        <translation>
            <numerusform>%Ln Element in {gallery} bearbeiten</numerusform>
            <numerusform>%Ln Elemente in {gallery} bearbeiten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Upload %Ln file(s) to {gallery}</source>
        <translation>
            <numerusform>%Ln Datei in {gallery} hochladen</numerusform>
            <numerusform>%Ln Dateien in {gallery} hochladen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Restore %Ln item(s) in {gallery}</source>
        <translation>
            <numerusform>%Ln Element in {gallery} wiederherstellen</numerusform>
            <numerusform>%Ln Elemente in {gallery} wiederherstellen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln change(s) in {gallery}</source>
        <translation>
            <numerusform>%Ln Änderung in {gallery}</numerusform>
            <numerusform>%Ln Änderungen in {gallery}</numerusform>
        </translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>ohne Angabe eines Grundes</translation>
    </message>
    <message>
        <source>(failed: {reason})</source>
        <translation>(fehlgeschlagen: {reason})</translation>
    </message>
    <message>
        <source>(changed on the site too: choose which to keep)</source>
        <translation>(auch auf der Website geändert: wähle, was bleiben soll)</translation>
    </message>
    <message>
        <source>(checking whether it reached the site)</source>
        <translation>(wird geprüft, ob es auf der Website angekommen ist)</translation>
    </message>
    <message>
        <source>(waiting for your review)</source>
        <translation>(wartet auf deine Prüfung)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>nichts</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>geändert</translation>
    </message>
    <message>
        <source>“{text}”</source>
        <translation>„{text}“</translation>
    </message>
    <message>
        <source>includes libjpeg, libpng, libwebp, libtiff, zlib, FreeType and other image libraries under their own licences, listed in Pillow&apos;s licence file</source>
        <translation>enthält libjpeg, libpng, libwebp, libtiff, zlib, FreeType und weitere Bildbibliotheken unter ihren eigenen Lizenzen, aufgeführt in der Lizenzdatei von Pillow</translation>
    </message>
    <message>
        <source> or </source>
        <translation> oder </translation>
    </message>
    <message>
        <source>GNU Lesser General Public License, version 3</source>
        <translation>GNU Lesser General Public License, Version 3</translation>
    </message>
    <message>
        <source>galleryman is free software under the {licence} licence.</source>
        <translation>galleryman ist freie Software unter der {licence}-Lizenz.</translation>
    </message>
    <message>
        <source>galleryman is built with Qt {qt} and PySide6 {pyside}, by The Qt Company and others, used under the {lgpl}.</source>
        <translation>galleryman ist mit Qt {qt} und PySide6 {pyside} von The Qt Company und anderen gebaut, verwendet unter der {lgpl}.</translation>
    </message>
    <message>
        <source>{name} {version} (tag v{version}): {links}</source>
        <translation>{name} {version} (Tag v{version}): {links}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Replacing them.&lt;/b&gt; galleryman loads Qt and PySide6 as shared libraries from its own folder; you may replace those files with your own build of the same versions, changed or not, and galleryman uses yours. On this computer they are in:</source>
        <translation>&lt;b&gt;Austauschen.&lt;/b&gt; galleryman lädt Qt und PySide6 als gemeinsam genutzte Bibliotheken aus dem eigenen Ordner; du darfst diese Dateien durch einen eigenen Build derselben Versionen ersetzen, verändert oder nicht, und galleryman verwendet dann deinen. Auf diesem Computer liegen sie in:</translation>
    </message>
    <message>
        <source>Qt and PySide6</source>
        <translation>Qt und PySide6</translation>
    </message>
    <message>
        <source>&lt;b&gt;Source code&lt;/b&gt;, with the tag of each version:</source>
        <translation>&lt;b&gt;Quellcode&lt;/b&gt;, mit dem Tag jeder Version:</translation>
    </message>
    <message>
        <source>Components</source>
        <translation>Komponenten</translation>
    </message>
    <message>
        <source>Component</source>
        <translation>Komponente</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>Lizenz</translation>
    </message>
    <message>
        <source>About galleryman</source>
        <translation>Über galleryman</translation>
    </message>
    <message>
        <source>Manage Wix Pro Galleries from your desktop.</source>
        <translation>Wix Pro Galleries vom Desktop aus verwalten.</translation>
    </message>
    <message>
        <source>Versions and licences</source>
        <translation>Versionen und Lizenzen</translation>
    </message>
    <message>
        <source>Copy Versions</source>
        <translation>Versionen kopieren</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
    <message>
        <source>&amp;Add Files…</source>
        <translation>&amp;Dateien hinzufügen…</translation>
    </message>
    <message>
        <source>Add image files to the open gallery</source>
        <translation>Bilddateien zur geöffneten Galerie hinzufügen</translation>
    </message>
    <message>
        <source>Add &amp;Video…</source>
        <translation>&amp;Video hinzufügen…</translation>
    </message>
    <message>
        <source>Add a YouTube or Vimeo video</source>
        <translation>Ein YouTube- oder Vimeo-Video hinzufügen</translation>
    </message>
    <message>
        <source>Add &amp;Text…</source>
        <translation>&amp;Text hinzufügen…</translation>
    </message>
    <message>
        <source>Add a text item</source>
        <translation>Ein Textelement hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation>&amp;Alles auswählen</translation>
    </message>
    <message>
        <source>&amp;Delete Items</source>
        <translation>Elemente &amp;löschen</translation>
    </message>
    <message>
        <source>Delete the selected items</source>
        <translation>Die ausgewählten Elemente löschen</translation>
    </message>
    <message>
        <source>Move to &amp;Top</source>
        <translation>Ganz nach &amp;oben</translation>
    </message>
    <message>
        <source>Move to &amp;Bottom</source>
        <translation>Ganz nach &amp;unten</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Suchen…</translation>
    </message>
    <message>
        <source>Filter items by text</source>
        <translation>Elemente nach Text filtern</translation>
    </message>
    <message>
        <source>&amp;New Gallery…</source>
        <translation>&amp;Neue Galerie…</translation>
    </message>
    <message>
        <source>&amp;Clone Gallery…</source>
        <translation>Galerie &amp;klonen…</translation>
    </message>
    <message>
        <source>&amp;Rename Gallery</source>
        <translation>Galerie &amp;umbenennen</translation>
    </message>
    <message>
        <source>Re&amp;name Item</source>
        <translation>Element u&amp;mbenennen</translation>
    </message>
    <message>
        <source>Edit the selected item&apos;s title</source>
        <translation>Den Titel des ausgewählten Elements bearbeiten</translation>
    </message>
    <message>
        <source>De&amp;lete Gallery…</source>
        <translation>Galerie l&amp;öschen…</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>Neu &amp;laden</translation>
    </message>
    <message>
        <source>&amp;Add Wix Site…</source>
        <translation>Wix-Website &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>&amp;Edit Site…</source>
        <translation>Website &amp;bearbeiten…</translation>
    </message>
    <message>
        <source>&amp;Remove Site…</source>
        <translation>Website &amp;entfernen…</translation>
    </message>
    <message>
        <source>&amp;Larger Thumbnails</source>
        <translation>&amp;Größere Vorschaubilder</translation>
    </message>
    <message>
        <source>&amp;Smaller Thumbnails</source>
        <translation>&amp;Kleinere Vorschaubilder</translation>
    </message>
    <message>
        <source>Pre&amp;ferences…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>Change settings</source>
        <translation>Einstellungen ändern</translation>
    </message>
    <message>
        <source>&amp;User Guide</source>
        <translation>&amp;Benutzerhandbuch</translation>
    </message>
    <message>
        <source>How to use galleryman</source>
        <translation>So wird galleryman benutzt</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>Every keyboard shortcut</source>
        <translation>Alle Tastenkürzel</translation>
    </message>
    <message>
        <source>Open &amp;Log Folder</source>
        <translation>&amp;Protokollordner öffnen</translation>
    </message>
    <message>
        <source>The log to attach when reporting a problem</source>
        <translation>Das Protokoll, das einem Fehlerbericht beigelegt wird</translation>
    </message>
    <message>
        <source>&amp;About galleryman</source>
        <translation>&amp;Über galleryman</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Gallery</source>
        <translation>&amp;Galerie</translation>
    </message>
    <message>
        <source>&amp;Site</source>
        <translation>&amp;Website</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Hauptleiste</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Neu</translation>
    </message>
    <message>
        <source>Clone</source>
        <translation>Klonen</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Umbenennen</translation>
    </message>
    <message>
        <source>Delete Gallery</source>
        <translation>Galerie löschen</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <source>Add Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Edit selected items</source>
        <translation>Ausgewählte Elemente bearbeiten</translation>
    </message>
    <message>
        <source>Selection</source>
        <translation>Auswahl</translation>
    </message>
    <message>
        <source>&amp;Title</source>
        <translation>&amp;Titel</translation>
    </message>
    <message>
        <source>Change the title</source>
        <translation>Den Titel ändern</translation>
    </message>
    <message>
        <source>Title for every selected item</source>
        <translation>Titel für jedes ausgewählte Element</translation>
    </message>
    <message>
        <source>&amp;Description</source>
        <translation>&amp;Beschreibung</translation>
    </message>
    <message>
        <source>Change the description</source>
        <translation>Die Beschreibung ändern</translation>
    </message>
    <message>
        <source>Description for every selected item</source>
        <translation>Beschreibung für jedes ausgewählte Element</translation>
    </message>
    <message>
        <source>&amp;Alt text (images)</source>
        <translation>&amp;Alt-Text (Bilder)</translation>
    </message>
    <message>
        <source>Change the alt text</source>
        <translation>Den Alt-Text ändern</translation>
    </message>
    <message>
        <source>Alt text for every selected image</source>
        <translation>Alt-Text für jedes ausgewählte Bild</translation>
    </message>
    <message>
        <source>Ta&amp;gs</source>
        <translation>Ta&amp;gs</translation>
    </message>
    <message>
        <source>Change the tags</source>
        <translation>Die Tags ändern</translation>
    </message>
    <message>
        <source>Tags, comma-separated</source>
        <translation>Tags, durch Kommas getrennt</translation>
    </message>
    <message>
        <source>&amp;Replace</source>
        <translation>&amp;Ersetzen</translation>
    </message>
    <message>
        <source>Replace each item&apos;s tags</source>
        <translation>Die Tags jedes Elements ersetzen</translation>
    </message>
    <message>
        <source>Add to &amp;existing</source>
        <translation>Zu &amp;vorhandenen hinzufügen</translation>
    </message>
    <message>
        <source>Add to each item&apos;s tags</source>
        <translation>Zu den Tags jedes Elements hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Link</source>
        <translation>&amp;Link</translation>
    </message>
    <message>
        <source>Change the link</source>
        <translation>Den Link ändern</translation>
    </message>
    <message>
        <source>Link URL (empty removes the links)</source>
        <translation>Link-URL (leer entfernt die Links)</translation>
    </message>
    <message>
        <source>Leave it empty to remove the links</source>
        <translation>Leer lassen, um die Links zu entfernen</translation>
    </message>
    <message>
        <source>Link text (optional)</source>
        <translation>Linktext (optional)</translation>
    </message>
    <message>
        <source>Link opens in</source>
        <translation>Link öffnet sich in</translation>
    </message>
    <message>
        <source>Link URL error</source>
        <translation>Fehler in der Link-URL</translation>
    </message>
    <message>
        <source>Only where e&amp;mpty</source>
        <translation>N&amp;ur wo leer</translation>
    </message>
    <message>
        <source>Only fill fields that are empty</source>
        <translation>Nur leere Felder ausfüllen</translation>
    </message>
    <message>
        <source>Leave items that already have a value alone (adding tags always adds)</source>
        <translation>Elemente, die schon einen Wert haben, unverändert lassen (Tags hinzufügen fügt immer hinzu)</translation>
    </message>
    <message>
        <source>What Apply will change</source>
        <translation>Was „Anwenden“ ändert</translation>
    </message>
    <message>
        <source>A&amp;pply</source>
        <translation>An&amp;wenden</translation>
    </message>
    <message>
        <source>Apply to selected items</source>
        <translation>Auf die ausgewählten Elemente anwenden</translation>
    </message>
    <message numerus="yes">
        <source>%Ln item(s) selected</source>
        <translation>
            <numerusform>%Ln Element ausgewählt</numerusform>
            <numerusform>%Ln Elemente ausgewählt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Applies to the %Ln image(s) selected</source>
        <translation>
            <numerusform>Gilt für das ausgewählte Bild (%Ln)</numerusform>
            <numerusform>Gilt für die %Ln ausgewählten Bilder</numerusform>
        </translation>
    </message>
    <message>
        <source>tags (added)</source>
        <translation>Tags (hinzugefügt)</translation>
    </message>
    <message>
        <source>remove link</source>
        <translation>Link entfernen</translation>
    </message>
    <message>
        <source>Tick the fields to change in every selected item.</source>
        <translation>Hake die Felder an, die in jedem ausgewählten Element geändert werden sollen.</translation>
    </message>
    <message>
        <source>only where empty</source>
        <translation>nur wo leer</translation>
    </message>
    <message numerus="yes">
        <source>Apply to %Ln item(s): {changes}</source>
        <translation>
            <numerusform>Auf %Ln Element anwenden: {changes}</numerusform>
            <numerusform>Auf %Ln Elemente anwenden: {changes}</numerusform>
        </translation>
    </message>
    <message>
        <source>Sending changes</source>
        <translation>Änderungen werden gesendet</translation>
    </message>
    <message>
        <source>Changes left to send</source>
        <translation>Noch zu sendende Änderungen</translation>
    </message>
    <message>
        <source>Close Without Waiting</source>
        <translation>Schließen ohne zu warten</translation>
    </message>
    <message>
        <source>Close without waiting for the changes</source>
        <translation>Schließen, ohne auf die Änderungen zu warten</translation>
    </message>
    <message numerus="yes">
        <source>Sending %Ln change(s) to the site…</source>
        <translation>
            <numerusform>%Ln Änderung wird an die Website gesendet…</numerusform>
            <numerusform>%Ln Änderungen werden an die Website gesendet…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln left.</source>
        <translation>
            <numerusform>Noch %Ln.</numerusform>
            <numerusform>Noch %Ln.</numerusform>
        </translation>
    </message>
    <message>
        <source>The window closes when they have arrived.</source>
        <translation>Das Fenster schließt sich, sobald sie angekommen sind.</translation>
    </message>
    <message>
        <source>{field} error</source>
        <translation>Fehler bei {field}</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Wird gespeichert…</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Gespeichert</translation>
    </message>
    <message>
        <source>Couldn&apos;t save</source>
        <translation>Speichern fehlgeschlagen</translation>
    </message>
    <message>
        <source>Save status</source>
        <translation>Speicherstatus</translation>
    </message>
    <message>
        <source>Couldn&apos;t save: {reason}</source>
        <translation>Speichern fehlgeschlagen: {reason}</translation>
    </message>
    <message>
        <source>{date}, {time}</source>
        <translation>{date}, {time}</translation>
    </message>
    <message>
        <source>galleryman keeps running, but what you were doing may not have finished.</source>
        <translation>galleryman läuft weiter, aber was du gerade getan hast, ist möglicherweise nicht abgeschlossen.</translation>
    </message>
    <message>
        <source>galleryman has to close. Start it again; if this happens again, please report it.</source>
        <translation>galleryman muss beendet werden. Starte es erneut; wenn das wieder passiert, melde es bitte.</translation>
    </message>
    <message>
        <source>To report it, say what you were doing, paste the copied details, and attach galleryman.log from the log folder. API keys and upload tokens are left out of both.</source>
        <translation>Beschreibe beim Melden, was du getan hast, füge die kopierten Details ein und hänge galleryman.log aus dem Protokollordner an. API-Schlüssel und Upload-Token sind in beidem nicht enthalten.</translation>
    </message>
    <message>
        <source>galleryman – Unexpected Error</source>
        <translation>galleryman – Unerwarteter Fehler</translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation>Unerwarteter Fehler</translation>
    </message>
    <message>
        <source>Error details</source>
        <translation>Fehlerdetails</translation>
    </message>
    <message>
        <source>Show Details</source>
        <translation>Details anzeigen</translation>
    </message>
    <message>
        <source>Copy Details</source>
        <translation>Details kopieren</translation>
    </message>
    <message>
        <source>Open Log Folder</source>
        <translation>Protokollordner öffnen</translation>
    </message>
    <message numerus="yes">
        <source>%Ln more unexpected error(s) happened after this one; the copied details include them.</source>
        <translation>
            <numerusform>Danach ist %Ln weiterer unerwarteter Fehler aufgetreten; die kopierten Details enthalten ihn.</numerusform>
            <numerusform>Danach sind %Ln weitere unerwartete Fehler aufgetreten; die kopierten Details enthalten sie.</numerusform>
        </translation>
    </message>
    <message>
        <source>Hide Details</source>
        <translation>Details ausblenden</translation>
    </message>
    <message>
        <source>galleryman – User Guide</source>
        <translation>galleryman – Benutzerhandbuch</translation>
    </message>
    <message>
        <source>User guide</source>
        <translation>Benutzerhandbuch</translation>
    </message>
    <message>
        <source>No preview</source>
        <translation>Keine Vorschau</translation>
    </message>
    <message>
        <source>centre (default)</source>
        <translation>Mitte (Standard)</translation>
    </message>
    <message>
        <source>x {x}, y {y}</source>
        <translation>x {x}, y {y}</translation>
    </message>
    <message>
        <source>Focal point at {where}. Click the image or use the arrow keys and Enter to move it.</source>
        <translation>Fokuspunkt bei {where}. Zum Verschieben ins Bild klicken oder die Pfeiltasten und Eingabe benutzen.</translation>
    </message>
    <message>
        <source>Open Folder</source>
        <translation>Ordner öffnen</translation>
    </message>
    <message>
        <source>galleryman could not open a file manager here. The folder is:</source>
        <translation>galleryman konnte hier keinen Dateimanager öffnen. Der Ordner ist:</translation>
    </message>
    <message>
        <source>New gallery</source>
        <translation>Neue Galerie</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>gallery</source>
        <translation>Galerie</translation>
    </message>
    <message>
        <source>Copy of {name}</source>
        <translation>Kopie von {name}</translation>
    </message>
    <message>
        <source>Clone gallery</source>
        <translation>Galerie klonen</translation>
    </message>
    <message>
        <source>Name of the copy:</source>
        <translation>Name der Kopie:</translation>
    </message>
    <message>
        <source>this gallery</source>
        <translation>diese Galerie</translation>
    </message>
    <message>
        <source>Delete gallery</source>
        <translation>Galerie löschen</translation>
    </message>
    <message numerus="yes">
        <source>Delete “{name}” and its %Ln item(s)? This cannot be undone.</source>
        <translation>
            <numerusform>„{name}“ und sein %Ln Element löschen? Das kann nicht rückgängig gemacht werden.</numerusform>
            <numerusform>„{name}“ und seine %Ln Elemente löschen? Das kann nicht rückgängig gemacht werden.</numerusform>
        </translation>
    </message>
    <message>
        <source>A gallery needs a name</source>
        <translation>Eine Galerie braucht einen Namen</translation>
    </message>
    <message>
        <source>Gallery details</source>
        <translation>Galeriedetails</translation>
    </message>
    <message>
        <source>No gallery selected</source>
        <translation>Keine Galerie ausgewählt</translation>
    </message>
    <message>
        <source>Gallery name</source>
        <translation>Galeriename</translation>
    </message>
    <message>
        <source>Gallery id</source>
        <translation>Galerie-ID</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copy the gallery id to the clipboard</source>
        <translation>Die Galerie-ID in die Zwischenablage kopieren</translation>
    </message>
    <message>
        <source>Copy gallery id</source>
        <translation>Galerie-ID kopieren</translation>
    </message>
    <message>
        <source>Number of items</source>
        <translation>Anzahl der Elemente</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Elemente</translation>
    </message>
    <message>
        <source>Images ({patterns});;All files (*)</source>
        <translation>Bilder ({patterns});;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Retry Upload</source>
        <translation>Hochladen wiederholen</translation>
    </message>
    <message>
        <source>Remove Upload</source>
        <translation>Hochladen entfernen</translation>
    </message>
    <message>
        <source>Drop the failed upload&apos;s tile; the file is not sent</source>
        <translation>Die Kachel des fehlgeschlagenen Uploads entfernen; die Datei wird nicht gesendet</translation>
    </message>
    <message>
        <source>Delete items</source>
        <translation>Elemente löschen</translation>
    </message>
    <message>
        <source>Delete this item from the gallery? You can undo this.</source>
        <translation>Dieses Element aus der Galerie löschen? Du kannst das rückgängig machen.</translation>
    </message>
    <message numerus="yes">
        <source>Delete these %Ln items from the gallery? You can undo this.</source>
        <translation>
            <numerusform>Dieses %Ln Element aus der Galerie löschen? Du kannst das rückgängig machen.</numerusform>
            <numerusform>Diese %Ln Elemente aus der Galerie löschen? Du kannst das rückgängig machen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Open or create a gallery first.</source>
        <translation>Öffne oder erstelle zuerst eine Galerie.</translation>
    </message>
    <message>
        <source>Add files</source>
        <translation>Dateien hinzufügen</translation>
    </message>
    <message>
        <source>No files to add in what was dropped.</source>
        <translation>Im Abgelegten sind keine Dateien zum Hinzufügen.</translation>
    </message>
    <message numerus="yes">
        <source>Upload %Ln file(s) to “{name}”?</source>
        <translation>
            <numerusform>%Ln Datei in „{name}“ hochladen?</numerusform>
            <numerusform>%Ln Dateien in „{name}“ hochladen?</numerusform>
        </translation>
    </message>
    <message>
        <source>Edit {fields} of “{title}”</source>
        <translation>{fields} von „{title}“ bearbeiten</translation>
    </message>
    <message>
        <source>Nothing to change in the selected items.</source>
        <translation>In den ausgewählten Elementen ist nichts zu ändern.</translation>
    </message>
    <message numerus="yes">
        <source>Edit %Ln item(s)</source>
        <translation>
            <numerusform>%Ln Element bearbeiten</numerusform>
            <numerusform>%Ln Elemente bearbeiten</numerusform>
        </translation>
    </message>
    <message>
        <source>“{title}” is no longer in this gallery, so its new {fields} was not saved.</source>
        <translation>„{title}“ ist nicht mehr in dieser Galerie, daher wurde die Änderung ({fields}) nicht gespeichert.</translation>
    </message>
    <message>
        <source>You typed: {text}</source>
        <translation>Ihre Eingabe: {text}</translation>
    </message>
    <message>
        <source>Open in new tab</source>
        <translation>In neuem Tab öffnen</translation>
    </message>
    <message>
        <source>Open in same tab</source>
        <translation>Im selben Tab öffnen</translation>
    </message>
    <message>
        <source>Item details</source>
        <translation>Elementdetails</translation>
    </message>
    <message>
        <source>Select an item to edit it</source>
        <translation>Wähle ein Element aus, um es zu bearbeiten</translation>
    </message>
    <message>
        <source>No item selected</source>
        <translation>Kein Element ausgewählt</translation>
    </message>
    <message>
        <source>Describe the image for screen readers</source>
        <translation>Beschreibe das Bild für Screenreader</translation>
    </message>
    <message>
        <source>Link URL</source>
        <translation>Link-URL</translation>
    </message>
    <message>
        <source>https://…, mailto:… or tel:…</source>
        <translation>https://…, mailto:…, tel:…</translation>
    </message>
    <message>
        <source>Comma-separated</source>
        <translation>Durch Kommas getrennt</translation>
    </message>
    <message>
        <source>Focal point coordinates</source>
        <translation>Koordinaten des Fokuspunkts</translation>
    </message>
    <message>
        <source>Video URL</source>
        <translation>Video-URL</translation>
    </message>
    <message>
        <source>YouTube or Vimeo address</source>
        <translation>YouTube- oder Vimeo-Adresse</translation>
    </message>
    <message>
        <source>Text HTML</source>
        <translation>Text-HTML</translation>
    </message>
    <message>
        <source>Text preview</source>
        <translation>Textvorschau</translation>
    </message>
    <message>
        <source>Item id</source>
        <translation>Element-ID</translation>
    </message>
    <message>
        <source>Media id</source>
        <translation>Medien-ID</translation>
    </message>
    <message>
        <source>Dimensions</source>
        <translation>Abmessungen</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <source>&amp;Alt text</source>
        <translation>&amp;Alt-Text</translation>
    </message>
    <message>
        <source>&amp;Video URL</source>
        <translation>&amp;Video-URL</translation>
    </message>
    <message>
        <source>&amp;HTML</source>
        <translation>&amp;HTML</translation>
    </message>
    <message>
        <source>&amp;Link URL</source>
        <translation>&amp;Link-URL</translation>
    </message>
    <message>
        <source>Link te&amp;xt</source>
        <translation>Linkte&amp;xt</translation>
    </message>
    <message>
        <source>Link &amp;opens</source>
        <translation>Link &amp;öffnet</translation>
    </message>
    <message>
        <source>Centre (default)</source>
        <translation>Mitte (Standard)</translation>
    </message>
    <message>
        <source>Paste a YouTube or Vimeo link.</source>
        <translation>Füge einen YouTube- oder Vimeo-Link ein.</translation>
    </message>
    <message>
        <source>The link does not point to a video (open the video and copy its address).</source>
        <translation>Der Link führt nicht zu einem Video (öffne das Video und kopiere seine Adresse).</translation>
    </message>
    <message>
        <source>Only YouTube and Vimeo links can be added.</source>
        <translation>Nur YouTube- und Vimeo-Links können hinzugefügt werden.</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Hinzufügen</translation>
    </message>
    <message>
        <source>Add item</source>
        <translation>Element hinzufügen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Add video</source>
        <translation>Video hinzufügen</translation>
    </message>
    <message>
        <source>Video link</source>
        <translation>Videolink</translation>
    </message>
    <message>
        <source>Video link problem</source>
        <translation>Problem mit dem Videolink</translation>
    </message>
    <message>
        <source>&amp;Link:</source>
        <translation>&amp;Link:</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Titel:</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Beschreibung:</translation>
    </message>
    <message>
        <source>{host} video</source>
        <translation>{host}-Video</translation>
    </message>
    <message>
        <source>Preview of the beginning only: the text is longer. It is kept whole.</source>
        <translation>Vorschau nur des Anfangs: Der Text ist länger. Er bleibt vollständig erhalten.</translation>
    </message>
    <message>
        <source>Too complex to preview with its formatting, so its words are shown plain. The HTML is kept as written.</source>
        <translation>Zu komplex für eine Vorschau mit Formatierung, daher wird nur der Text gezeigt. Das HTML bleibt so, wie es geschrieben ist.</translation>
    </message>
    <message>
        <source>Add text</source>
        <translation>Text hinzufügen</translation>
    </message>
    <message>
        <source>Text as HTML</source>
        <translation>Text als HTML</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Heading&lt;/h2&gt;
&lt;p&gt;Some &lt;b&gt;bold&lt;/b&gt; text.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Überschrift&lt;/h2&gt;
&lt;p&gt;Etwas &lt;b&gt;fetter&lt;/b&gt; Text.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
    <message>
        <source>Text problem</source>
        <translation>Problem mit dem Text</translation>
    </message>
    <message>
        <source>&amp;HTML (left) and preview (right):</source>
        <translation>HT&amp;ML (links) und Vorschau (rechts):</translation>
    </message>
    <message>
        <source>The text is empty.</source>
        <translation>Der Text ist leer.</translation>
    </message>
    <message>
        <source>Type the text (HTML) to add.</source>
        <translation>Gib den Text (HTML) ein, der hinzugefügt werden soll.</translation>
    </message>
    <message>
        <source>Notification</source>
        <translation>Benachrichtigung</translation>
    </message>
    <message>
        <source>Can&apos;t load image</source>
        <translation>Bild kann nicht geladen werden</translation>
    </message>
    <message>
        <source>Rendering…</source>
        <translation>Wird gezeichnet…</translation>
    </message>
    <message>
        <source>Processing on Wix…</source>
        <translation>Wird bei Wix verarbeitet…</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Erneut versuchen</translation>
    </message>
    <message>
        <source>Upload failed: {error}</source>
        <translation>Hochladen fehlgeschlagen: {error}</translation>
    </message>
    <message>
        <source>Retry the failed action</source>
        <translation>Die fehlgeschlagene Aktion erneut versuchen</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Dismiss the notification</source>
        <translation>Die Benachrichtigung schließen</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>Benachrichtigungen</translation>
    </message>
    <message>
        <source>Takes effect at the next start.</source>
        <translation>Wirkt ab dem nächsten Start.</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Systemstandard</translation>
    </message>
    <message>
        <source>English</source>
        <translation>Englisch (English)</translation>
    </message>
    <message>
        <source>German (Deutsch)</source>
        <translation>Deutsch</translation>
    </message>
    <message>
        <source>galleryman cannot write in this folder ({reason}).</source>
        <translation>galleryman kann in diesen Ordner nicht schreiben ({reason}).</translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Thumbnails</source>
        <translation>Vorschaubilder</translation>
    </message>
    <message>
        <source> MB</source>
        <translation> MB</translation>
    </message>
    <message>
        <source>Thumbnail cache size per site</source>
        <translation>Größe des Vorschaubild-Zwischenspeichers pro Website</translation>
    </message>
    <message>
        <source>Clear Thumbnails</source>
        <translation>Vorschaubilder leeren</translation>
    </message>
    <message>
        <source>Keep on disk, per site:</source>
        <translation>Auf dem Datenträger behalten, pro Website:</translation>
    </message>
    <message>
        <source>Thumbnails are kept so galleries open fast; the least recently seen go first when a site&apos;s cache is full. A new size takes effect at the next start.</source>
        <translation>Vorschaubilder werden behalten, damit Galerien schnell öffnen; ist der Zwischenspeicher einer Website voll, werden die am längsten nicht gesehenen zuerst entfernt. Eine neue Größe wirkt ab dem nächsten Start.</translation>
    </message>
    <message>
        <source>Adding photos</source>
        <translation>Fotos hinzufügen</translation>
    </message>
    <message>
        <source>Use the title and caption stored in the photo</source>
        <translation>Titel und Bildunterschrift aus dem Foto übernehmen</translation>
    </message>
    <message>
        <source>The photo&apos;s title becomes the item&apos;s title and its caption the description (EXIF, as cameras, Windows and Lightroom write them). Otherwise, and for photos without them, the title is the file name.</source>
        <translation>Der Titel des Fotos wird zum Titel des Elements, seine Bildunterschrift zur Beschreibung (EXIF, wie Kameras, Windows und Lightroom sie schreiben). Sonst, und bei Fotos ohne diese Angaben, ist der Dateiname der Titel.</translation>
    </message>
    <message>
        <source>Sending changes</source>
        <comment>Preferences: the group&apos;s heading</comment>
        <translation>Änderungen senden</translation>
    </message>
    <message>
        <source>Review changes before sending them</source>
        <translation>Änderungen vor dem Senden prüfen</translation>
    </message>
    <message>
        <source>When on, your edits wait in the window until you review and send them; when off, each change goes to the site at once.</source>
        <translation>Wenn eingeschaltet, warten deine Änderungen im Fenster, bis du sie prüfst und sendest; wenn ausgeschaltet, geht jede Änderung sofort an die Website.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Sprache:</translation>
    </message>
    <message>
        <source>Local sandbox data folder</source>
        <translation>Datenordner der lokalen Sandbox</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>Ändern…</translation>
    </message>
    <message>
        <source>Use Default</source>
        <translation>Standard verwenden</translation>
    </message>
    <message>
        <source>Data folder:</source>
        <translation>Datenordner:</translation>
    </message>
    <message>
        <source>Local Sandbox Data Folder</source>
        <translation>Datenordner der lokalen Sandbox</translation>
    </message>
    <message>
        <source>Now on disk: {size}.</source>
        <translation>Derzeit auf dem Datenträger: {size}.</translation>
    </message>
    <message>
        <source>Cleared: thumbnails are fetched again as they are shown.</source>
        <translation>Geleert: Vorschaubilder werden neu geladen, sobald sie angezeigt werden.</translation>
    </message>
    <message>
        <source>{folder}: {problem} The folder was not changed.</source>
        <translation>{folder}: {problem} Der Ordner wurde nicht geändert.</translation>
    </message>
    <message>
        <source>The sandbox keeps its galleries, items and media files here.</source>
        <translation>Die Sandbox speichert hier ihre Galerien, Elemente und Mediendateien.</translation>
    </message>
    <message>
        <source>Until then the sandbox uses {folder}. Nothing is moved: the sandbox uses what the new folder holds (an empty one gets the demo galleries).</source>
        <translation>Bis dahin verwendet die Sandbox {folder}. Nichts wird verschoben: Die Sandbox verwendet, was der neue Ordner enthält (ein leerer bekommt die Demo-Galerien).</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Sonstiges</translation>
    </message>
    <message>
        <source>Anywhere</source>
        <translation>Überall</translation>
    </message>
    <message>
        <source>In {places}</source>
        <translation>In {places}</translation>
    </message>
    <message>
        <source> and </source>
        <comment>joins a list: A and B</comment>
        <translation> und </translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Find an action or a key</source>
        <translation>Eine Aktion oder Taste suchen</translation>
    </message>
    <message>
        <source>Find a shortcut</source>
        <translation>Ein Tastenkürzel suchen</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Tasten</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Wo</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Galleries</source>
        <translation>Galerien</translation>
    </message>
    <message>
        <source>No galleries yet</source>
        <translation>Noch keine Galerien</translation>
    </message>
    <message>
        <source>Create the first gallery</source>
        <translation>Die erste Galerie erstellen</translation>
    </message>
    <message>
        <source>Loading galleries…</source>
        <translation>Galerien werden geladen…</translation>
    </message>
    <message>
        <source>Galleries status</source>
        <translation>Status der Galerien</translation>
    </message>
    <message>
        <source>No system keyring found: the key is kept in memory until galleryman quits.</source>
        <translation>Kein Schlüsselbund des Systems gefunden: Der Schlüssel bleibt im Arbeitsspeicher, bis galleryman beendet wird.</translation>
    </message>
    <message>
        <source>Create an API key in your Wix account under Settings › API Keys, with the Pro Gallery and Media Manager permissions. The site ID is the long code after /dashboard/ in your site&apos;s dashboard address; pasting that address works too.</source>
        <translation>Erstelle in deinem Wix-Konto unter Einstellungen › API-Schlüssel einen API-Schlüssel mit den Berechtigungen für Pro Gallery und den Medienmanager. Die Website-ID ist der lange Code nach /dashboard/ in der Adresse des Dashboards deiner Website; das Einfügen dieser Adresse funktioniert auch.</translation>
    </message>
    <message>
        <source>galleryman main window</source>
        <translation>galleryman-Hauptfenster</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Website</translation>
    </message>
    <message>
        <source>Switch site</source>
        <translation>Website wechseln</translation>
    </message>
    <message>
        <source>Filter by title, description or tag</source>
        <translation>Nach Titel, Beschreibung oder Tag filtern</translation>
    </message>
    <message>
        <source>Filter items</source>
        <translation>Elemente filtern</translation>
    </message>
    <message>
        <source>Thumbnail size</source>
        <translation>Größe der Vorschaubilder</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Item count</source>
        <translation>Anzahl der Elemente</translation>
    </message>
    <message>
        <source>Selection count</source>
        <translation>Anzahl der ausgewählten Elemente</translation>
    </message>
    <message>
        <source>Background activity</source>
        <translation>Hintergrundaktivität</translation>
    </message>
    <message>
        <source>Waiting for the site</source>
        <translation>Warten auf die Website</translation>
    </message>
    <message>
        <source>What just happened</source>
        <translation>Was gerade geschah</translation>
    </message>
    <message>
        <source>Add Wix site…</source>
        <translation>Wix-Website hinzufügen…</translation>
    </message>
    <message>
        <source>Couldn&apos;t open {site}: {reason}</source>
        <translation>{site} konnte nicht geöffnet werden: {reason}</translation>
    </message>
    <message>
        <source>Couldn&apos;t load the galleries: {reason}
Refresh (F5) tries again.</source>
        <translation>Die Galerien konnten nicht geladen werden: {reason}
Neu laden (F5) versucht es erneut.</translation>
    </message>
    <message>
        <source>&amp;Undo {step}</source>
        <translation>&amp;Rückgängig: {step}</translation>
    </message>
    <message>
        <source>&amp;Redo {step}</source>
        <translation>&amp;Wiederholen: {step}</translation>
    </message>
    <message>
        <source>The local sandbox had stopped; galleryman started it again.</source>
        <translation>Die lokale Sandbox war beendet; galleryman hat sie neu gestartet.</translation>
    </message>
    <message>
        <source>The local sandbox has no settings to edit.</source>
        <translation>Die lokale Sandbox hat keine Einstellungen zum Bearbeiten.</translation>
    </message>
    <message>
        <source>The local sandbox cannot be removed.</source>
        <translation>Die lokale Sandbox kann nicht entfernt werden.</translation>
    </message>
    <message>
        <source>Remove site</source>
        <translation>Website entfernen</translation>
    </message>
    <message>
        <source>Remove “{name}” from galleryman? Its API key is deleted from the keyring. Nothing on the Wix site changes.</source>
        <translation>„{name}“ aus galleryman entfernen? Der API-Schlüssel der Website wird aus dem Schlüsselbund gelöscht. Auf der Wix-Website ändert sich nichts.</translation>
    </message>
    <message numerus="yes">
        <source>Loading… {loaded} of %Ln item(s)</source>
        <translation>
            <numerusform>Wird geladen… {loaded} von %Ln Element</numerusform>
            <numerusform>Wird geladen… {loaded} von %Ln Elementen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{shown} of %Ln item(s)</source>
        <translation>
            <numerusform>{shown} von %Ln Element</numerusform>
            <numerusform>{shown} von %Ln Elementen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln selected</source>
        <translation>
            <numerusform>%Ln ausgewählt</numerusform>
            <numerusform>%Ln ausgewählt</numerusform>
        </translation>
    </message>
    <message>
        <source>No site is open</source>
        <translation>Keine Website geöffnet</translation>
    </message>
    <message>
        <source>No items match the filter</source>
        <translation>Keine Elemente passen zum Filter</translation>
    </message>
    <message>
        <source>Select a gallery</source>
        <translation>Wähle eine Galerie aus</translation>
    </message>
    <message>
        <source>Loading items…</source>
        <translation>Elemente werden geladen…</translation>
    </message>
    <message>
        <source>Couldn&apos;t load this gallery&apos;s items. Refresh (F5) tries again.</source>
        <translation>Die Elemente dieser Galerie konnten nicht geladen werden. Neu laden (F5) versucht es erneut.</translation>
    </message>
    <message>
        <source>No items yet — drop photos here or use Add Files…</source>
        <translation>Noch keine Elemente – zieh Fotos hierher oder nutze „Dateien hinzufügen…“</translation>
    </message>
    <message>
        <source>Uploading {current} of {total} – about {time} left</source>
        <translation>Wird hochgeladen: {current} von {total} – noch etwa {time}</translation>
    </message>
    <message>
        <source>Uploading {current} of {total}</source>
        <translation>Wird hochgeladen: {current} von {total}</translation>
    </message>
    <message numerus="yes">
        <source>Sending %Ln change(s) – about {time}</source>
        <translation>
            <numerusform>%Ln Änderung wird gesendet – etwa {time}</numerusform>
            <numerusform>%Ln Änderungen werden gesendet – etwa {time}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sending %Ln change(s)</source>
        <translation>
            <numerusform>%Ln Änderung wird gesendet</numerusform>
            <numerusform>%Ln Änderungen werden gesendet</numerusform>
        </translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>In Arbeit…</translation>
    </message>
    <message>
        <source>Edit site</source>
        <translation>Website bearbeiten</translation>
    </message>
    <message>
        <source>Add Wix site</source>
        <translation>Wix-Website hinzufügen</translation>
    </message>
    <message>
        <source>My portfolio</source>
        <translation>Mein Portfolio</translation>
    </message>
    <message>
        <source>Site name</source>
        <translation>Name der Website</translation>
    </message>
    <message>
        <source>Site ID or dashboard address</source>
        <translation>Website-ID oder Adresse des Dashboards</translation>
    </message>
    <message>
        <source>Site ID</source>
        <translation>Website-ID</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API-Schlüssel</translation>
    </message>
    <message>
        <source>Leave empty to keep the stored key</source>
        <translation>Leer lassen, um den gespeicherten Schlüssel zu behalten</translation>
    </message>
    <message>
        <source>Paste the API key (none is stored for this site)</source>
        <translation>API-Schlüssel einfügen (für diese Website ist keiner gespeichert)</translation>
    </message>
    <message>
        <source>Paste the API key</source>
        <translation>API-Schlüssel einfügen</translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation>&amp;Anzeigen</translation>
    </message>
    <message>
        <source>Show API key</source>
        <translation>API-Schlüssel anzeigen</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>Site &amp;ID:</source>
        <translation>Website-&amp;ID:</translation>
    </message>
    <message>
        <source>API &amp;key:</source>
        <translation>API-&amp;Schlüssel:</translation>
    </message>
    <message>
        <source>Where to find the site ID and API key</source>
        <translation>Wo die Website-ID und der API-Schlüssel zu finden sind</translation>
    </message>
    <message>
        <source>Key storage</source>
        <translation>Schlüsselspeicher</translation>
    </message>
    <message>
        <source>Checking with Wix</source>
        <translation>Prüfung bei Wix</translation>
    </message>
    <message>
        <source>Checking with Wix…</source>
        <translation>Wird bei Wix geprüft…</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>Check &amp;&amp; &amp;Save</source>
        <translation>&amp;Prüfen &amp;&amp; speichern</translation>
    </message>
    <message>
        <source>Check and save</source>
        <translation>Prüfen und speichern</translation>
    </message>
    <message>
        <source>Enter the API key.</source>
        <translation>Gib den API-Schlüssel ein.</translation>
    </message>
    <message>
        <source>The check could not start; see the log for details.</source>
        <translation>Die Prüfung konnte nicht starten; Einzelheiten stehen im Protokoll.</translation>
    </message>
    <message>
        <source>not recorded in this build</source>
        <translation>in diesem Build nicht erfasst</translation>
    </message>
    <message>
        <source>The API key is empty.</source>
        <translation>Der API-Schlüssel ist leer.</translation>
    </message>
    <message>
        <source>The site ID is empty.</source>
        <translation>Die Website-ID ist leer.</translation>
    </message>
    <message>
        <source>The access token is empty.</source>
        <translation>Das Zugriffstoken ist leer.</translation>
    </message>
    <message>
        <source>Not a valid id: {value}</source>
        <translation>Keine gültige ID: {value}</translation>
    </message>
    <message>
        <source>The request failed.</source>
        <translation>Die Anfrage ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>Wix rejected the data: {problems}</source>
        <translation>Wix hat die Daten abgelehnt: {problems}</translation>
    </message>
    <message>
        <source>invalid data</source>
        <translation>ungültige Daten</translation>
    </message>
    <message>
        <source>Wix rejected the request: {reason}</source>
        <translation>Wix hat die Anfrage abgelehnt: {reason}</translation>
    </message>
    <message>
        <source>Wix did not accept the API key or site ID. Check them in the site settings.</source>
        <translation>Wix hat den API-Schlüssel oder die Website-ID nicht akzeptiert. Prüfe sie in den Einstellungen der Website.</translation>
    </message>
    <message>
        <source>The API key is valid but lacks permission for this action (it needs the Pro Gallery and Media Manager permissions).</source>
        <translation>Der API-Schlüssel ist gültig, hat aber keine Berechtigung für diese Aktion (er braucht die Berechtigungen für Pro Gallery und den Medienmanager).</translation>
    </message>
    <message>
        <source>Not found — it may have been deleted elsewhere: {detail}</source>
        <translation>Nicht gefunden – vielleicht wurde es anderswo gelöscht: {detail}</translation>
    </message>
    <message>
        <source>Not found — it may have been deleted elsewhere</source>
        <translation>Nicht gefunden – vielleicht wurde es anderswo gelöscht</translation>
    </message>
    <message>
        <source>the data changed elsewhere</source>
        <translation>die Daten wurden anderswo geändert</translation>
    </message>
    <message>
        <source>Wix reported a conflict: {reason}</source>
        <translation>Wix meldet einen Konflikt: {reason}</translation>
    </message>
    <message>
        <source>Wix is throttling requests (too many in a minute). Try again shortly.</source>
        <translation>Wix bremst die Anfragen (zu viele in einer Minute). Versuche es gleich noch einmal.</translation>
    </message>
    <message>
        <source>Wix is throttling requests and asks to wait {wait} before the next one. Nothing was changed; try again later.</source>
        <translation>Wix bremst die Anfragen und bittet, vor der nächsten {wait} zu warten. Es wurde nichts geändert; versuche es später noch einmal.</translation>
    </message>
    <message>
        <source>The Wix server had a problem (HTTP {status}). Nothing was lost; try again.</source>
        <translation>Der Wix-Server hatte ein Problem (HTTP {status}). Nichts ging verloren; versuche es noch einmal.</translation>
    </message>
    <message>
        <source>Could not reach the server: {reason}</source>
        <translation>Der Server ist nicht erreichbar: {reason}</translation>
    </message>
    <message>
        <source>The server sent an unexpected answer: {reason}</source>
        <translation>Der Server hat eine unerwartete Antwort gesendet: {reason}</translation>
    </message>
    <message>
        <source>The server answered with a redirect ({redirect}) instead of an answer; nothing was sent there and nothing was changed. Check the server address in the site settings.</source>
        <translation>Der Server hat statt einer Antwort eine Weiterleitung geschickt ({redirect}); dorthin wurde nichts gesendet und nichts geändert. Prüfe die Serveradresse in den Einstellungen der Website.</translation>
    </message>
    <message>
        <source>The server&apos;s answer was too large to read ({size}); nothing was changed.</source>
        <translation>Die Antwort des Servers war zu groß zum Lesen ({size}); es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>no complete answer within {seconds} s</source>
        <translation>keine vollständige Antwort innerhalb von {seconds} s</translation>
    </message>
    <message>
        <source>The server did not answer in time: {reason}</source>
        <translation>Der Server hat nicht rechtzeitig geantwortet: {reason}</translation>
    </message>
    <message>
        <source>The connection failed while creating, and the server could not be asked whether it worked. Refresh before trying again, so nothing is created twice.</source>
        <translation>Die Verbindung ist beim Erstellen abgebrochen, und der Server konnte nicht gefragt werden, ob es geklappt hat. Aktualisiere vor einem neuen Versuch, damit nichts doppelt erstellt wird.</translation>
    </message>
    <message>
        <source>The Media Manager could not process the file: {reason}</source>
        <translation>Der Medienmanager konnte die Datei nicht verarbeiten: {reason}</translation>
    </message>
    <message>
        <source>Only {received} of the {expected} {what} could be listed: {reason}. Nothing was changed; refresh to try again.</source>
        <translation>Nur {received} der {expected} {what} konnten aufgelistet werden: {reason}. Es wurde nichts geändert; aktualisiere, um es noch einmal zu versuchen.</translation>
    </message>
    <message>
        <source>Only {received} {what} could be listed: {reason}. Nothing was changed; refresh to try again.</source>
        <translation>Nur {received} {what} konnten aufgelistet werden: {reason}. Es wurde nichts geändert; aktualisiere, um es noch einmal zu versuchen.</translation>
    </message>
    <message>
        <source>items</source>
        <translation>Elemente</translation>
    </message>
    <message>
        <source>galleries</source>
        <translation>Galerien</translation>
    </message>
    <message>
        <source>a field</source>
        <translation>ein Feld</translation>
    </message>
    <message>
        <source>Wix kept the old {fields}: clearing it did not take effect (the other changes were saved). Try again, or clear it in the Wix dashboard.</source>
        <translation>Wix hat den alten Wert behalten ({fields}): Das Leeren hat nicht gewirkt (die anderen Änderungen wurden gespeichert). Versuche es noch einmal oder leere es im Wix-Dashboard.</translation>
    </message>
    <message>
        <source>Wix deleted {deleted} of {total} items; {remaining} are still there. Refresh to see the gallery as it is.</source>
        <translation>Wix hat {deleted} von {total} Elementen gelöscht; {remaining} sind noch vorhanden. Aktualisiere, um die Galerie so zu sehen, wie sie ist.</translation>
    </message>
    <message>
        <source>The upload link expired or was already used, so the file was not accepted. Trying again gets a new link.</source>
        <translation>Der Upload-Link ist abgelaufen oder wurde schon verwendet, daher wurde die Datei nicht angenommen. Ein neuer Versuch holt einen neuen Link.</translation>
    </message>
    <message>
        <source>The file cannot be uploaded.</source>
        <translation>Die Datei kann nicht hochgeladen werden.</translation>
    </message>
    <message>
        <source>A value cannot be sent to Wix.</source>
        <translation>Ein Wert kann nicht an Wix gesendet werden.</translation>
    </message>
    <message>
        <source>more than a year</source>
        <translation>mehr als ein Jahr</translation>
    </message>
    <message>
        <source>{hours} h</source>
        <translation>{hours} Std.</translation>
    </message>
    <message>
        <source>{days} days</source>
        <translation>{days} Tage</translation>
    </message>
    <message>
        <source>a proxy or firewall may be asking to sign in (the API key was not the problem)</source>
        <translation>ein Proxy oder eine Firewall verlangt vielleicht eine Anmeldung (am API-Schlüssel lag es nicht)</translation>
    </message>
    <message>
        <source>a proxy or firewall may be blocking the connection (the API key was not the problem)</source>
        <translation>ein Proxy oder eine Firewall blockiert vielleicht die Verbindung (am API-Schlüssel lag es nicht)</translation>
    </message>
    <message>
        <source>the server address may be wrong</source>
        <translation>die Serveradresse ist vielleicht falsch</translation>
    </message>
    <message>
        <source>a proxy is asking to sign in</source>
        <translation>ein Proxy verlangt eine Anmeldung</translation>
    </message>
    <message>
        <source>HTTP {status} with {body} instead of Wix&apos;s answer</source>
        <translation>HTTP {status} mit {body} statt der Antwort von Wix</translation>
    </message>
    <message>
        <source>an HTML page titled {title}</source>
        <translation>einer HTML-Seite mit dem Titel {title}</translation>
    </message>
    <message>
        <source>an HTML page</source>
        <translation>einer HTML-Seite</translation>
    </message>
    <message>
        <source>an empty body</source>
        <translation>leerem Inhalt</translation>
    </message>
    <message>
        <source>the file</source>
        <translation>die Datei</translation>
    </message>
    <message>
        <source>{name} failed to process on Wix</source>
        <translation>{name} konnte bei Wix nicht verarbeitet werden</translation>
    </message>
    <message>
        <source>{name} was still processing after {seconds} s; trying again later picks it up without uploading it again</source>
        <translation>{name} wurde nach {seconds} s noch verarbeitet; ein späterer Versuch übernimmt die Datei, ohne sie erneut hochzuladen</translation>
    </message>
    <message>
        <source>“{name}” no longer exists.</source>
        <translation>„{name}“ existiert nicht mehr.</translation>
    </message>
    <message>
        <source>“{name}” is a folder, not a file.</source>
        <translation>„{name}“ ist ein Ordner, keine Datei.</translation>
    </message>
    <message>
        <source>“{name}” could not be opened ({reason}).</source>
        <translation>„{name}“ konnte nicht geöffnet werden ({reason}).</translation>
    </message>
    <message>
        <source>“{name}” is a folder, not a regular file.</source>
        <translation>„{name}“ ist ein Ordner, keine normale Datei.</translation>
    </message>
    <message>
        <source>“{name}” is a pipe, device or socket, not a regular file.</source>
        <translation>„{name}“ ist eine Pipe, ein Gerät oder ein Socket, keine normale Datei.</translation>
    </message>
    <message>
        <source>“{name}” could not be read ({reason}).</source>
        <translation>„{name}“ konnte nicht gelesen werden ({reason}).</translation>
    </message>
    <message>
        <source>“{name}” is larger than {size} MB and cannot be uploaded.</source>
        <translation>„{name}“ ist größer als {size} MB und kann nicht hochgeladen werden.</translation>
    </message>
    <message>
        <source>There is no sortOrder left after the largest one in this gallery ({largest}); move the last items to smaller positions first.</source>
        <translation>In dieser Galerie gibt es nach der größten keine weitere sortOrder ({largest}); verschiebe zuerst die letzten Elemente an kleinere Positionen.</translation>
    </message>
    <message>
        <source>{where} is {value}: NaN and infinity cannot be sent to Wix.</source>
        <translation>{where} ist {value}: NaN und Unendlich können nicht an Wix gesendet werden.</translation>
    </message>
    <message>
        <source>{where} contains characters that are not valid text (perhaps from a file name in another encoding); it cannot be sent.</source>
        <translation>{where} enthält Zeichen, die kein gültiger Text sind (vielleicht aus einem Dateinamen in einer anderen Kodierung); es kann nicht gesendet werden.</translation>
    </message>
    <message>
        <source>Not a valid web address</source>
        <translation>Keine gültige Webadresse</translation>
    </message>
    <message>
        <source>Enter a full web address, like https://example.com</source>
        <translation>Gib eine vollständige Webadresse ein, etwa https://example.com</translation>
    </message>
    <message>
        <source>Add an address after {scheme}:</source>
        <translation>Gib nach {scheme}: eine Adresse ein</translation>
    </message>
    <message>
        <source>Links must start with https://, http://, mailto: or tel:</source>
        <translation>Links müssen mit https://, http://, mailto: oder tel: beginnen</translation>
    </message>
    <message>
        <source>Enter a YouTube or Vimeo video address</source>
        <translation>Gib die Adresse eines YouTube- oder Vimeo-Videos ein</translation>
    </message>
    <message>
        <source>The text cannot be empty</source>
        <translation>Der Text darf nicht leer sein</translation>
    </message>
    <message>
        <source>video address</source>
        <translation>Videoadresse</translation>
    </message>
    <message>
        <source>image</source>
        <translation>Bild</translation>
    </message>
    <message>
        <source>Images can be JPEG, PNG, WebP, GIF, BMP or TIFF.</source>
        <translation>Bilder können JPEG, PNG, WebP, GIF, BMP oder TIFF sein.</translation>
    </message>
    <message>
        <source>This file is empty (0 bytes): it holds no picture.</source>
        <translation>Diese Datei ist leer (0 Byte): sie enthält kein Bild.</translation>
    </message>
    <message>
        <source>This is a folder, not a picture file.</source>
        <translation>Das ist ein Ordner, keine Bilddatei.</translation>
    </message>
    <message>
        <source>This is a named pipe, not a picture file.</source>
        <translation>Das ist eine benannte Pipe, keine Bilddatei.</translation>
    </message>
    <message>
        <source>This is a network socket, not a picture file.</source>
        <translation>Das ist ein Netzwerk-Socket, keine Bilddatei.</translation>
    </message>
    <message>
        <source>This is a device, not a picture file.</source>
        <translation>Das ist ein Gerät, keine Bilddatei.</translation>
    </message>
    <message>
        <source>This is a special file, not a picture file.</source>
        <translation>Das ist eine Spezialdatei, keine Bilddatei.</translation>
    </message>
    <message>
        <source>This image is too large to open on this computer. Resize it and add it again.</source>
        <translation>Dieses Bild ist zu groß, um es auf diesem Computer zu öffnen. Verkleinere es und füge es erneut hinzu.</translation>
    </message>
    <message>
        <source>This image declares more pixels than can be opened safely. Resize it and add it again.</source>
        <translation>Dieses Bild gibt mehr Pixel an, als sicher geöffnet werden können. Verkleinere es und füge es erneut hinzu.</translation>
    </message>
    <message>
        <source>This image is {width} × {height} pixels, more than can be opened safely. Resize it and add it again.</source>
        <translation>Dieses Bild hat {width} × {height} Pixel, mehr als sicher geöffnet werden können. Verkleinere es und füge es erneut hinzu.</translation>
    </message>
    <message>
        <source>This image is {width} × {height} pixels; images can be at most {limit} pixels wide or tall. Resize or crop it and add it again.</source>
        <translation>Dieses Bild hat {width} × {height} Pixel; Bilder dürfen höchstens {limit} Pixel breit oder hoch sein. Verkleinere oder beschneide es und füge es erneut hinzu.</translation>
    </message>
    <message>
        <source>This image is {width} × {height} pixels ({megapixels} megapixels); images up to {limit} megapixels can be added. Resize it and add it again.</source>
        <translation>Dieses Bild hat {width} × {height} Pixel ({megapixels} Megapixel); Bilder bis {limit} Megapixel können hinzugefügt werden. Verkleinere es und füge es erneut hinzu.</translation>
    </message>
    <message>
        <source>This animation has {frames} frames of {width} × {height} pixels ({megapixels} megapixels in all); animations up to {limit} megapixels in all can be added. Shorten or shrink it and add it again.</source>
        <translation>Diese Animation hat {frames} Einzelbilder mit {width} × {height} Pixeln ({megapixels} Megapixel insgesamt); Animationen bis {limit} Megapixel insgesamt können hinzugefügt werden. Kürze oder verkleinere sie und füge sie erneut hinzu.</translation>
    </message>
    <message>
        <source>This file is {size} MB; images up to {limit} MB can be added. Save it smaller (a lower quality or fewer pixels) and add it again.</source>
        <translation>Diese Datei hat {size} MB; Bilder bis {limit} MB können hinzugefügt werden. Speichere sie kleiner (mit geringerer Qualität oder weniger Pixeln) und füge sie erneut hinzu.</translation>
    </message>
    <message>
        <source>Photoshop documents (PSD)</source>
        <translation>Photoshop-Dokumente (PSD)</translation>
    </message>
    <message>
        <source>Icons (ICO)</source>
        <translation>Symbole (ICO)</translation>
    </message>
    <message>
        <source>{format} images</source>
        <translation>{format}-Bilder</translation>
    </message>
    <message>
        <source>Images of this kind</source>
        <translation>Bilder dieser Art</translation>
    </message>
    <message>
        <source>{kind} can&apos;t be added: save it as JPEG or PNG and add it again. {formats}</source>
        <translation>{kind} können nicht hinzugefügt werden: Speichere die Datei als JPEG oder PNG und füge sie erneut hinzu. {formats}</translation>
    </message>
    <message>
        <source>This file holds text, not a picture. {formats}</source>
        <translation>Diese Datei enthält Text, kein Bild. {formats}</translation>
    </message>
    <message>
        <source>This file is not a picture, or is too damaged to tell. {formats}</source>
        <translation>Diese Datei ist kein Bild oder zu beschädigt, um das zu erkennen. {formats}</translation>
    </message>
    <message>
        <source>This file is damaged: it ends early. Try exporting it again.</source>
        <translation>Diese Datei ist beschädigt: sie endet zu früh. Exportiere sie noch einmal.</translation>
    </message>
    <message>
        <source>This file is damaged and can&apos;t be read. Try exporting it again.</source>
        <translation>Diese Datei ist beschädigt und kann nicht gelesen werden. Exportiere sie noch einmal.</translation>
    </message>
    <message>
        <source>This is a Photoshop document (PSD): save a copy as JPEG or PNG (File ▸ Export) and add it again.</source>
        <translation>Das ist ein Photoshop-Dokument (PSD): Speichere eine Kopie als JPEG oder PNG (Datei ▸ Exportieren) und füge sie erneut hinzu.</translation>
    </message>
    <message>
        <source>This is a PDF document, not a picture: export the page as JPEG or PNG and add it again.</source>
        <translation>Das ist ein PDF-Dokument, kein Bild: Exportiere die Seite als JPEG oder PNG und füge sie erneut hinzu.</translation>
    </message>
    <message>
        <source>SVG drawings can&apos;t be added to a gallery: export it as PNG and add it again.</source>
        <translation>SVG-Zeichnungen können keiner Galerie hinzugefügt werden: Exportiere die Zeichnung als PNG und füge sie erneut hinzu.</translation>
    </message>
    <message>
        <source>JPEG XL images are not supported yet: save it as JPEG and add it again.</source>
        <translation>JPEG-XL-Bilder werden noch nicht unterstützt: Speichere das Bild als JPEG und füge es erneut hinzu.</translation>
    </message>
    <message>
        <source>This is a video file: add videos with Add Video (a YouTube or Vimeo link) instead.</source>
        <translation>Das ist eine Videodatei: Füge Videos stattdessen mit „Video hinzufügen“ hinzu (ein YouTube- oder Vimeo-Link).</translation>
    </message>
    <message>
        <source>AVIF images are not supported yet: save it as JPEG or PNG and add it again.</source>
        <translation>AVIF-Bilder werden noch nicht unterstützt: Speichere das Bild als JPEG oder PNG und füge es erneut hinzu.</translation>
    </message>
    <message>
        <source>HEIC photos are not supported yet: export it as JPEG (in Photos: File ▸ Export) and add it again.</source>
        <translation>HEIC-Fotos werden noch nicht unterstützt: Exportiere das Foto als JPEG (in Fotos: Ablage ▸ Exportieren) und füge es erneut hinzu.</translation>
    </message>
    <message>
        <source>This is a camera RAW file ({kind}): export it as JPEG from your photo editor and add it again.</source>
        <translation>Das ist eine Kamera-RAW-Datei ({kind}): Exportiere sie in deinem Bildbearbeitungsprogramm als JPEG und füge sie erneut hinzu.</translation>
    </message>
    <message>
        <source>This file is in use by another program. Close it there and try again.</source>
        <translation>Diese Datei wird von einem anderen Programm verwendet. Schließe sie dort und versuche es erneut.</translation>
    </message>
    <message>
        <source>This is a link (shortcut) to a file that is no longer there.</source>
        <translation>Das ist eine Verknüpfung zu einer Datei, die nicht mehr vorhanden ist.</translation>
    </message>
    <message>
        <source>This file is no longer there: it was moved, renamed or deleted, or its drive was disconnected.</source>
        <translation>Diese Datei ist nicht mehr vorhanden: sie wurde verschoben, umbenannt oder gelöscht, oder ihr Laufwerk wurde getrennt.</translation>
    </message>
    <message>
        <source>The drive holding this file is not connected.</source>
        <translation>Das Laufwerk mit dieser Datei ist nicht verbunden.</translation>
    </message>
    <message>
        <source>The drive reported an error while reading this file. Check the drive (or its cable) and try again.</source>
        <translation>Das Laufwerk hat beim Lesen dieser Datei einen Fehler gemeldet. Prüfe das Laufwerk (oder sein Kabel) und versuche es erneut.</translation>
    </message>
    <message>
        <source>The network drive holding this file stopped answering. Check the connection and try again.</source>
        <translation>Das Netzlaufwerk mit dieser Datei antwortet nicht mehr. Prüfe die Verbindung und versuche es erneut.</translation>
    </message>
    <message>
        <source>The computer could not read this file just now. Try again in a moment.</source>
        <translation>Der Computer konnte diese Datei gerade nicht lesen. Versuche es gleich noch einmal.</translation>
    </message>
    <message>
        <source>You don&apos;t have permission to read this file.</source>
        <translation>Du hast keine Berechtigung, diese Datei zu lesen.</translation>
    </message>
    <message>
        <source>This is a link that leads back to itself, not a file.</source>
        <translation>Das ist eine Verknüpfung, die auf sich selbst zurückführt, keine Datei.</translation>
    </message>
    <message>
        <source>The file&apos;s name (or its folder&apos;s) is too long to open. Rename it and add it again.</source>
        <translation>Der Name der Datei (oder ihres Ordners) ist zu lang zum Öffnen. Benenne sie um und füge sie erneut hinzu.</translation>
    </message>
    <message>
        <source>an unknown error</source>
        <translation>ein unbekannter Fehler</translation>
    </message>
    <message>
        <source>This file can&apos;t be read (the system said: {detail}).</source>
        <translation>Diese Datei kann nicht gelesen werden (das System meldet: {detail}).</translation>
    </message>
    <message>
        <source>open its window</source>
        <translation>sein Fenster nicht öffnen</translation>
    </message>
    <message>
        <source>galleryman could not {doing} ({reason}).</source>
        <translation>galleryman konnte {doing} ({reason}).</translation>
    </message>
    <message>
        <source>Something went wrong inside galleryman ({reason}).</source>
        <translation>In galleryman ist etwas schiefgegangen ({reason}).</translation>
    </message>
    <message>
        <source>the site is not answering</source>
        <translation>die Website antwortet nicht</translation>
    </message>
    <message numerus="yes">
        <source>Offline – %Ln change(s) waiting ({reason})</source>
        <translation>
            <numerusform>Offline – %Ln Änderung wartet ({reason})</numerusform>
            <numerusform>Offline – %Ln Änderungen warten ({reason})</numerusform>
        </translation>
    </message>
    <message>
        <source>{change}: the site was changed too. Choose which to keep in View ▸ Pending Changes.</source>
        <translation>{change}: Auch die Website wurde geändert. Wähle unter Ansicht ▸ Ausstehende Änderungen, was bleiben soll.</translation>
    </message>
    <message>
        <source>the photo</source>
        <translation>das Foto</translation>
    </message>
    <message>
        <source>Added {file}</source>
        <translation>{file} hinzugefügt</translation>
    </message>
    <message numerus="yes">
        <source>Deleted %Ln item(s)</source>
        <translation>
            <numerusform>%Ln Element gelöscht</numerusform>
            <numerusform>%Ln Elemente gelöscht</numerusform>
        </translation>
    </message>
    <message>
        <source>{change}: done</source>
        <translation>{change}: erledigt</translation>
    </message>
    <message>
        <source>“{step}” can&apos;t be undone or redone: the site no longer has what it changed (deleted elsewhere?). The step was removed from the undo history.</source>
        <translation>„{step}“ kann weder rückgängig gemacht noch wiederholt werden: Die Website hat nicht mehr, was dabei geändert wurde (anderswo gelöscht?). Der Schritt wurde aus dem Rückgängig-Verlauf entfernt.</translation>
    </message>
    <message>
        <source>{change}: {reason}</source>
        <translation>{change}: {reason}</translation>
    </message>
    <message>
        <source>Couldn&apos;t save “{change}”: {reason}</source>
        <translation>„{change}“ konnte nicht gespeichert werden: {reason}</translation>
    </message>
    <message>
        <source>unexpected error ({error}); details are in the log</source>
        <translation>unerwarteter Fehler ({error}); Einzelheiten stehen im Protokoll</translation>
    </message>
    <message>
        <source>Wix rate limit: waiting {seconds} s</source>
        <translation>Wix-Anfragelimit: noch {seconds} s warten</translation>
    </message>
    <message>
        <source>Wix answered {reason}; trying again in {seconds} s</source>
        <translation>Wix antwortete mit {reason}; neuer Versuch in {seconds} s</translation>
    </message>
    <message>
        <source>{reason}; trying again in {seconds} s</source>
        <translation>{reason}; neuer Versuch in {seconds} s</translation>
    </message>
    <message>
        <source>a request</source>
        <translation>eine Anfrage</translation>
    </message>
    <message>
        <source>Still trying to save… {doing} ({seconds} s)</source>
        <translation>Speichern läuft noch… {doing} ({seconds} s)</translation>
    </message>
    <message>
        <source>Waiting for the site… {doing} ({seconds} s)</source>
        <translation>Warten auf die Website… {doing} ({seconds} s)</translation>
    </message>
    <message>
        <source>lowercase</source>
        <comment>a sentence&apos;s first word inside another: “keep” its capital?</comment>
        <translation>keep</translation>
    </message>
    <message>
        <source>The upload failed.</source>
        <translation>Das Hochladen ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>This file cannot be added.</source>
        <translation>Diese Datei kann nicht hinzugefügt werden.</translation>
    </message>
    <message>
        <source>No items to delete.</source>
        <translation>Keine Elemente zum Löschen.</translation>
    </message>
    <message>
        <source>That gallery is no longer on the site.</source>
        <translation>Diese Galerie ist nicht mehr auf der Website.</translation>
    </message>
    <message>
        <source>That item is no longer in the gallery.</source>
        <translation>Dieses Element ist nicht mehr in der Galerie.</translation>
    </message>
    <message>
        <source>There is nothing left to undo for this change.</source>
        <translation>Für diese Änderung gibt es nichts mehr rückgängig zu machen.</translation>
    </message>
    <message>
        <source>A deleted gallery cannot be brought back: its items were deleted with it.</source>
        <translation>Eine gelöschte Galerie kann nicht wiederhergestellt werden: ihre Elemente wurden mit ihr gelöscht.</translation>
    </message>
    <message>
        <source>“{item}” was deleted on the site, so this change was not made.</source>
        <translation>„{item}“ wurde auf der Website gelöscht, daher wurde diese Änderung nicht vorgenommen.</translation>
    </message>
    <message>
        <source>The gallery “{gallery}” was deleted on the site, so this change was not made.</source>
        <translation>Die Galerie „{gallery}“ wurde auf der Website gelöscht, daher wurde diese Änderung nicht vorgenommen.</translation>
    </message>
    <message>
        <source>It was deleted on the site, so this change was not made.</source>
        <translation>Es wurde auf der Website gelöscht, daher wurde diese Änderung nicht vorgenommen.</translation>
    </message>
    <message>
        <source>That change is not waiting for a decision.</source>
        <translation>Diese Änderung wartet auf keine Entscheidung.</translation>
    </message>
    <message>
        <source>This change may already be on the site; undo it instead of discarding it.</source>
        <translation>Diese Änderung ist vielleicht schon auf der Website; mache sie rückgängig, statt sie zu verwerfen.</translation>
    </message>
    <message>
        <source>Only a failed change can be sent again.</source>
        <translation>Nur eine fehlgeschlagene Änderung kann erneut gesendet werden.</translation>
    </message>
    <message>
        <source>That change is no longer in the outbox.</source>
        <translation>Diese Änderung ist nicht mehr im Postausgang.</translation>
    </message>
    <message>
        <source>The Media Manager file cannot be used: {reason}</source>
        <translation>Die Datei im Medienmanager kann nicht verwendet werden: {reason}</translation>
    </message>
    <message>
        <source>An internal error stopped it.</source>
        <translation>Ein interner Fehler hat sie angehalten.</translation>
    </message>
    <message>
        <source>What it changes was never created (its upload or creation failed), so this was not sent.</source>
        <translation>Was sie ändert, wurde nie erstellt (das Hochladen oder Erstellen ist fehlgeschlagen), daher wurde sie nicht gesendet.</translation>
    </message>
    <message>
        <source>“{name}” was never created (its upload or creation failed), so this was not sent.</source>
        <translation>„{name}“ wurde nie erstellt (das Hochladen oder Erstellen ist fehlgeschlagen), daher wurde dies nicht gesendet.</translation>
    </message>
    <message>
        <source>Another galleryman window is already sending this site&apos;s changes.</source>
        <translation>Ein anderes galleryman-Fenster sendet bereits die Änderungen dieser Website.</translation>
    </message>
    <message>
        <source>Redid: {step}</source>
        <translation>Wiederholt: {step}</translation>
    </message>
    <message>
        <source>Undid: {step}</source>
        <translation>Rückgängig gemacht: {step}</translation>
    </message>
    <message>
        <source>Can&apos;t undo “{step}”: its gallery was deleted. The step was removed from the undo history.</source>
        <translation>„{step}“ kann nicht rückgängig gemacht werden: Die zugehörige Galerie wurde gelöscht. Der Schritt wurde aus dem Rückgängig-Verlauf entfernt.</translation>
    </message>
    <message>
        <source>Can&apos;t redo “{step}”: its gallery was deleted. The step was removed from the undo history.</source>
        <translation>„{step}“ kann nicht wiederholt werden: Die zugehörige Galerie wurde gelöscht. Der Schritt wurde aus dem Rückgängig-Verlauf entfernt.</translation>
    </message>
    <message>
        <source>Rename gallery to “{name}”</source>
        <translation>Galerie in „{name}“ umbenennen</translation>
    </message>
    <message>
        <source>Waiting to be sent</source>
        <translation>Wartet auf das Senden</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Wird gesendet…</translation>
    </message>
    <message>
        <source>Checking whether it arrived</source>
        <translation>Wird geprüft, ob sie angekommen ist</translation>
    </message>
    <message>
        <source>Held for review</source>
        <translation>Zur Prüfung zurückgehalten</translation>
    </message>
    <message>
        <source>Changed on the site too</source>
        <translation>Auch auf der Website geändert</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>{field}: yours {mine}, the site&apos;s {site}</source>
        <translation>{field}: bei dir {mine}, auf der Website {site}</translation>
    </message>
    <message>
        <source>empty</source>
        <translation>leer</translation>
    </message>
    <message>
        <source>Pending changes</source>
        <translation>Ausstehende Änderungen</translation>
    </message>
    <message>
        <source>Changes not yet on the site</source>
        <translation>Änderungen, die noch nicht auf der Website sind</translation>
    </message>
    <message>
        <source>&amp;Review changes before sending</source>
        <translation>Änderungen vor dem Senden &amp;prüfen</translation>
    </message>
    <message>
        <source>Hold every change here until you press Send: nothing reaches the site before</source>
        <translation>Jede Änderung hier zurückhalten, bis du auf Senden drückst: vorher erreicht nichts die Website</translation>
    </message>
    <message>
        <source>&amp;Send Now</source>
        <translation>&amp;Jetzt senden</translation>
    </message>
    <message>
        <source>Keep All &amp;Mine</source>
        <translation>Alle &amp;meine behalten</translation>
    </message>
    <message>
        <source>Keep All the Site&apos;s</source>
        <translation>Alle von der Website behalten</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message numerus="yes">
        <source>Tried %Ln time(s): {reason}</source>
        <translation>
            <numerusform>%Ln-mal versucht: {reason}</numerusform>
            <numerusform>%Ln-mal versucht: {reason}</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Senden</translation>
    </message>
    <message numerus="yes">
        <source>%Ln change(s) not yet on the site.</source>
        <translation>
            <numerusform>%Ln Änderung ist noch nicht auf der Website.</numerusform>
            <numerusform>%Ln Änderungen sind noch nicht auf der Website.</numerusform>
        </translation>
    </message>
    <message>
        <source>Every change is on the site.</source>
        <translation>Alle Änderungen sind auf der Website.</translation>
    </message>
    <message>
        <source>Keep Mine</source>
        <translation>Meine behalten</translation>
    </message>
    <message>
        <source>Keep the Site&apos;s</source>
        <translation>Die der Website behalten</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Verwerfen</translation>
    </message>
    <message>
        <source>Forget this change: the site keeps what it has</source>
        <translation>Diese Änderung vergessen: die Website behält, was sie hat</translation>
    </message>
    <message>
        <source>&amp;Pending Changes…</source>
        <translation>&amp;Ausstehende Änderungen…</translation>
    </message>
    <message>
        <source>The changes not yet on the site</source>
        <translation>Die Änderungen, die noch nicht auf der Website sind</translation>
    </message>
    <message>
        <source>Se&amp;nd Changes Now</source>
        <translation>Änderungen jetzt &amp;senden</translation>
    </message>
    <message>
        <source>Send the changes waiting (and those held for review)</source>
        <translation>Die wartenden Änderungen senden (auch die zur Prüfung zurückgehaltenen)</translation>
    </message>
    <message>
        <source>&amp;Review Changes Before Sending</source>
        <translation>Änderungen vor dem Senden &amp;prüfen</translation>
    </message>
    <message numerus="yes">
        <source>%Ln change(s) waiting</source>
        <translation>
            <numerusform>%Ln Änderung wartet</numerusform>
            <numerusform>%Ln Änderungen warten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln held for review</source>
        <translation>
            <numerusform>%Ln zur Prüfung zurückgehalten</numerusform>
            <numerusform>%Ln zur Prüfung zurückgehalten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln conflict(s)</source>
        <translation>
            <numerusform>%Ln Konflikt</numerusform>
            <numerusform>%Ln Konflikte</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln failed</source>
        <translation>
            <numerusform>%Ln fehlgeschlagen</numerusform>
            <numerusform>%Ln fehlgeschlagen</numerusform>
        </translation>
    </message>
    <message>
        <source>No items yet — drop photos here or use Add files…</source>
        <translation>Noch keine Elemente – zieh Fotos hierher oder nutze „Dateien hinzufügen…“</translation>
    </message>
    <message>
        <source>No items match “{}”</source>
        <translation>Keine Elemente passen zu „{}“</translation>
    </message>
    <message>
        <source>Gallery items</source>
        <translation>Elemente der Galerie</translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation>unbekannter Fehler</translation>
    </message>
    <message>
        <source>Can&apos;t load the image: {reason}. Refresh (F5) tries again.</source>
        <translation>Das Bild kann nicht geladen werden: {reason}. „Neu laden“ (F5) versucht es erneut.</translation>
    </message>
    <message>
        <source>there are more than the client lists ({limit})</source>
        <translation>es sind mehr, als der Client auflistet ({limit})</translation>
    </message>
    <message>
        <source>the listing went past {limit} without ending</source>
        <translation>die Auflistung ging über {limit} hinaus, ohne zu enden</translation>
    </message>
    <message>
        <source>the server stopped sending them</source>
        <translation>der Server hat aufgehört, sie zu senden</translation>
    </message>
    <message>
        <source>the server sent the same ones again instead of the next page</source>
        <translation>der Server hat dieselben noch einmal gesendet statt der nächsten Seite</translation>
    </message>
    <message>
        <source>the listing changed while it was read</source>
        <translation>die Auflistung hat sich geändert, während sie gelesen wurde</translation>
    </message>
    <message>
        <source>the pages shifted while they were read</source>
        <translation>die Seiten haben sich verschoben, während sie gelesen wurden</translation>
    </message>
    <message>
        <source>the connection was refused or could not be made</source>
        <translation>die Verbindung wurde abgelehnt oder kam nicht zustande</translation>
    </message>
    <message>
        <source>connecting timed out</source>
        <translation>der Verbindungsaufbau hat zu lange gedauert</translation>
    </message>
    <message>
        <source>the server took too long to answer</source>
        <translation>der Server hat zu lange für die Antwort gebraucht</translation>
    </message>
    <message>
        <source>sending the request timed out</source>
        <translation>das Senden der Anfrage hat zu lange gedauert</translation>
    </message>
    <message>
        <source>too many requests were waiting for a connection</source>
        <translation>zu viele Anfragen haben auf eine Verbindung gewartet</translation>
    </message>
    <message>
        <source>the connection was dropped before an answer arrived</source>
        <translation>die Verbindung brach ab, bevor eine Antwort kam</translation>
    </message>
    <message>
        <source>the connection was dropped while reading the answer</source>
        <translation>die Verbindung brach beim Lesen der Antwort ab</translation>
    </message>
    <message>
        <source>the connection was dropped while sending the request</source>
        <translation>die Verbindung brach beim Senden der Anfrage ab</translation>
    </message>
    <message>
        <source>rate limited</source>
        <translation>Anfragelimit erreicht</translation>
    </message>
</context>
<context>
    <name>ItemGridModel</name>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>Upload of {name} failed: {error}</source>
        <translation>Hochladen von {name} fehlgeschlagen: {error}</translation>
    </message>
    <message>
        <source>{name}: processing on Wix…</source>
        <translation>{name}: wird bei Wix verarbeitet…</translation>
    </message>
    <message>
        <source>Uploading {name}: {percent}%</source>
        <translation>{name} wird hochgeladen: {percent} %</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
</TS>
