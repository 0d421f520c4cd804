# ThermoCraft: run by FreeCAD's GUI start-up with exec(); no __file__ here, and nothing heavy
# at import: the workbench's modules load when it is first activated.
import FreeCADGui as Gui


class ThermoCraftWorkbench(Gui.Workbench):
    MenuText = "ThermoCraft"
    ToolTip = "Electronics thermal simulation: will this chip overheat in this box?"

    def __init__(self):
        import ThermoCraftWorkbench as package  # the addon folder is on sys.path

        self.__class__.Icon = package.ICON

    def Initialize(self):
        from ThermoCraftWorkbench import commands

        commands.register()
        for title, names in commands.TOOLBARS:
            self.appendToolbar(title, names)
        for path, names in commands.MENUS:
            self.appendMenu(path, names)

    def Activated(self):
        from ThermoCraftWorkbench import activation

        activation.on_activated()

    def Deactivated(self):
        pass

    def GetClassName(self):
        return "Gui::PythonWorkbench"


Gui.addWorkbench(ThermoCraftWorkbench())
