; Inno Setup script for the Windows installer of galleryman.
;
; packaging/build.py compiles it on Windows, after PyInstaller has made the bundle:
;   iscc /DAppVersion=0.1.0 /DSourceDir=<repo>\build\pyinstaller\dist\galleryman
;        /DIconFile=<repo>\build\icons\galleryman.ico /DOutputDir=<repo>\dist
;        packaging\windows\galleryman.iss
; and writes dist\galleryman-<version>-windows-x64-setup.exe.
;
; Per-user install by default (no administrator rights needed); the setup offers an
; all-users install too. galleryman keeps its data in the user's AppData folders, which an
; uninstall leaves in place.

#ifndef AppVersion
  #error Pass /DAppVersion=<version> (packaging/build.py does)
#endif
#ifndef SourceDir
  #error Pass /DSourceDir=<the PyInstaller bundle folder> (packaging/build.py does)
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif

[Setup]
; Never change AppId: it is how an update finds the installed copy.
AppId={{6F2C1B7E-3D4A-4E59-9B1F-2A7C8D9E0F31}
AppName=galleryman
AppVersion={#AppVersion}
AppVerName=galleryman {#AppVersion}
AppPublisher=galleryman maintainers
DefaultDirName={autopf}\galleryman
DefaultGroupName=galleryman
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#OutputDir}
OutputBaseFilename=galleryman-{#AppVersion}-windows-x64-setup
#ifdef IconFile
SetupIconFile={#IconFile}
#endif
UninstallDisplayIcon={app}\galleryman.exe
UninstallDisplayName=galleryman
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An update replaces the whole bundle: no library of an older version may linger.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\galleryman"; Filename: "{app}\galleryman.exe"; Comment: "Manage Wix Pro Galleries"
Name: "{autodesktop}\galleryman"; Filename: "{app}\galleryman.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\galleryman.exe"; Description: "{cm:LaunchProgram,galleryman}"; Flags: nowait postinstall skipifsilent
