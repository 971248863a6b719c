; replydraft for Windows: a per-user installer of the frozen app (no administrator rights).
;
;   makensis /DVERSION=0.1.0 packaging\windows\replydraft.nsi
;
; after PyInstaller has built dist\replydraft (packaging\replydraft.spec). Writes
; dist\replydraft-VERSION-setup.exe. Defines: VERSION (required), FILE_VERSION (four numbers,
; default VERSION.0), BUNDLE (the frozen folder), OUTFILE.
;
; What it does, and why:
; - Installs into %LOCALAPPDATA%\Programs\replydraft with HKCU keys only, so an officer without
;   administrator rights can install it, and IT can push it silently per user (/S).
; - A Start-menu entry and (ticked by default) a desktop icon that start replydraft-gui.exe, the
;   windowed executable; replydraft.exe (the command line) is registered under App Paths, so
;   Win+R "replydraft" works without touching PATH.
; - Upgrades in place: the old _internal folder is removed first, so no DLL or Qt plugin of the
;   previous version is left beside the new ones.
; - The uninstaller removes only what the installer put there and keeps the officer's archive,
;   drafts and settings (%LOCALAPPDATA%\replydraft, the HKCU\Software\replydraft settings of Qt).
; - No file association. What an officer double-clicks is a proposal (.docx, .pdf: Word's and the
;   PDF reader's, never ours to take) or the saved draft, *.rdraft.json: Windows keys an
;   association on the last extension only, so claiming it would mean claiming every .json file,
;   and replydraft-gui takes no file to open yet. DRAFT_EXTENSION below registers one once the
;   app uses a one-part extension (e.g. .rdraft) and opens the file it is given.

Unicode true
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

!ifndef VERSION
  !error "give the version: makensis /DVERSION=x.y.z replydraft.nsi"
!endif
!ifndef FILE_VERSION
  !define FILE_VERSION "${VERSION}.0"
!endif
!ifndef BUNDLE
  !define BUNDLE "..\..\dist\replydraft"
!endif
!ifndef OUTFILE
  !define OUTFILE "..\..\dist\replydraft-${VERSION}-setup.exe"
!endif

!define PRODUCT "replydraft"
!define PUBLISHER "replydraft"
!define SHORTCUT "提案答复起草"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\replydraft"
!define APP_PATHS "Software\Microsoft\Windows\CurrentVersion\App Paths"
!define ICON "..\..\resources\icons\replydraft.ico"

Name "提案答复起草 (replydraft ${VERSION})"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\replydraft"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText " "
ShowInstDetails nevershow
ShowUninstDetails nevershow

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"
!include "FileFunc.nsh"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\replydraft-gui.exe"
!define MUI_FINISHPAGE_RUN_TEXT "$(RunNow)"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the default; Windows in another language gets English.
!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"

LangString RunNow ${LANG_SIMPCHINESE} "现在启动提案答复起草"
LangString RunNow ${LANG_ENGLISH} "Start replydraft now"
LangString Running ${LANG_SIMPCHINESE} "提案答复起草正在运行。请先关闭它的窗口，然后点“重试”。"
LangString Running ${LANG_ENGLISH} "replydraft is running. Close its window, then click Retry."
LangString Needs64 ${LANG_SIMPCHINESE} "提案答复起草需要 64 位 Windows。"
LangString Needs64 ${LANG_ENGLISH} "replydraft needs 64-bit Windows."
LangString SecMainText ${LANG_SIMPCHINESE} "程序"
LangString SecMainText ${LANG_ENGLISH} "Program"
LangString SecDesktopText ${LANG_SIMPCHINESE} "桌面图标"
LangString SecDesktopText ${LANG_ENGLISH} "Desktop icon"

VIProductVersion "${FILE_VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductName" "提案答复起草 (replydraft)"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileDescription" "提案答复起草 安装程序"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "LegalCopyright" "MIT License"

; An executable that is running cannot be opened for writing: ask to close it, or give up.
!macro WAIT_UNTIL_CLOSED
  ${ForEach} $R1 0 1 + 1
    ${If} $R1 == 0
      StrCpy $R2 "$INSTDIR\replydraft-gui.exe"
    ${Else}
      StrCpy $R2 "$INSTDIR\replydraft.exe"
    ${EndIf}
    ${Do}
      ${IfNot} ${FileExists} $R2
        ${Break}
      ${EndIf}
      ClearErrors
      FileOpen $R3 $R2 a
      ${IfNot} ${Errors}
        FileClose $R3
        ${Break}
      ${EndIf}
      ${IfNot} ${Cmd} `MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(Running)" /SD IDCANCEL IDRETRY`
        Abort
      ${EndIf}
    ${Loop}
  ${Next}
!macroend

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_OK|MB_ICONSTOP "$(Needs64)" /SD IDOK
    Abort
  ${EndIf}
FunctionEnd

Section "!$(SecMainText)" SecMain
  SectionIn RO
  !insertmacro WAIT_UNTIL_CLOSED
  SetOutPath "$INSTDIR"
  RMDir /r "$INSTDIR\_internal"
  File /r "${BUNDLE}\*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortCut "$SMPROGRAMS\${SHORTCUT}.lnk" "$INSTDIR\replydraft-gui.exe" "" \
    "$INSTDIR\replydraft-gui.exe" 0 SW_SHOWNORMAL "" "起草政协提案和人大代表建议的答复"

  WriteRegStr HKCU "${APP_PATHS}\replydraft.exe" "" "$INSTDIR\replydraft.exe"
  WriteRegStr HKCU "${APP_PATHS}\replydraft-gui.exe" "" "$INSTDIR\replydraft-gui.exe"

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "提案答复起草 (replydraft)"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\replydraft-gui.exe,0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" "$0"

!ifdef DRAFT_EXTENSION
  ; e.g. /DDRAFT_EXTENSION=.rdraft: the draft file opens in replydraft on a double-click.
  WriteRegStr HKCU "Software\Classes\${DRAFT_EXTENSION}" "" "replydraft.Draft"
  WriteRegStr HKCU "Software\Classes\replydraft.Draft" "" "答复草稿"
  WriteRegStr HKCU "Software\Classes\replydraft.Draft\DefaultIcon" "" "$INSTDIR\replydraft-gui.exe,0"
  WriteRegStr HKCU "Software\Classes\replydraft.Draft\shell\open\command" "" \
    '"$INSTDIR\replydraft-gui.exe" "%1"'
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'  ; SHCNE_ASSOCCHANGED
!endif
SectionEnd

Section "$(SecDesktopText)" SecDesktop
  CreateShortCut "$DESKTOP\${SHORTCUT}.lnk" "$INSTDIR\replydraft-gui.exe" "" \
    "$INSTDIR\replydraft-gui.exe" 0 SW_SHOWNORMAL "" "起草政协提案和人大代表建议的答复"
SectionEnd

Function un.onInit
  !insertmacro WAIT_UNTIL_CLOSED
FunctionEnd

Section "Uninstall"
  Delete "$SMPROGRAMS\${SHORTCUT}.lnk"
  Delete "$DESKTOP\${SHORTCUT}.lnk"
  ; Only what the installer put there: RMDir without /r leaves a folder that holds anything else.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\replydraft.exe"
  Delete "$INSTDIR\replydraft-gui.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"

  DeleteRegKey HKCU "${APP_PATHS}\replydraft.exe"
  DeleteRegKey HKCU "${APP_PATHS}\replydraft-gui.exe"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
!ifdef DRAFT_EXTENSION
  DeleteRegKey HKCU "Software\Classes\replydraft.Draft"
  DeleteRegValue HKCU "Software\Classes\${DRAFT_EXTENSION}" ""
  DeleteRegKey /ifempty HKCU "Software\Classes\${DRAFT_EXTENSION}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
!endif
SectionEnd
